-- SPDX-License-Identifier: ISC
-- Baseline: one user-fixed reference case. Edit REFERENCE (feature name =
-- value); a feature it does not name takes its column mean. The values
-- below are the medians of the benign cases of the bundled breast-cancer
-- demo (target 1), a "clinically normal patient" for that model.
local REFERENCE = {
	mean_radius = 12.2,
	mean_texture = 17.39,
	mean_perimeter = 78.18,
	mean_area = 458.4,
	mean_smoothness = 0.09076,
	mean_compactness = 0.07529,
	mean_concavity = 0.03709,
	mean_concave_points = 0.02344,
	mean_symmetry = 0.1714,
	mean_fractal_dimension = 0.06154,
	radius_error = 0.2575,
	texture_error = 1.108,
	perimeter_error = 1.851,
	area_error = 19.63,
	smoothness_error = 0.00653,
	compactness_error = 0.01631,
	concavity_error = 0.0184,
	concave_points_error = 0.009061,
	symmetry_error = 0.01909,
	fractal_dimension_error = 0.002808,
	worst_radius = 13.35,
	worst_texture = 22.82,
	worst_perimeter = 86.92,
	worst_area = 547.4,
	worst_smoothness = 0.1254,
	worst_compactness = 0.1698,
	worst_concavity = 0.1412,
	worst_concave_points = 0.07431,
	worst_symmetry = 0.2687,
	worst_fractal_dimension = 0.07712,
}

return function(data)
	local row, means, named = {}, data:means(), 0
	for j, name in ipairs(data:names()) do
		if REFERENCE[name] ~= nil then
			row[j] = REFERENCE[name]
			named = named + 1
		else
			row[j] = means[j]
		end
	end
	return {rows = {row}, desc = string.format("reference case (%d of %d "
	    .. "features set, the rest column means)", named, #row)}
end
