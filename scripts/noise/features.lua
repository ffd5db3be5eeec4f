-- SPDX-License-Identifier: ISC
-- Noise on chosen features only: Gaussian with FRACTION of the feature's
-- standard deviation on the features named in FEATURES, none elsewhere.
-- Options: {"features", names = {"age", "bmi"}, fraction = 0.2}.
local opts = ...
opts = opts or {}
local FEATURES = opts.names or {"mean_radius", "mean_texture", "mean_area"}
local FRACTION = opts.fraction or 0.15

return function(noise, x, stats, rng)
	local chosen = {}
	for _, name in ipairs(FEATURES) do
		chosen[name] = true
	end
	local sd = {}
	for j = 1, stats.d do
		sd[j] = chosen[stats.names[j]] and FRACTION * stats.sd[j] or 0
	end
	noise:normal(sd)
end
