-- SPDX-License-Identifier: ISC
-- Baseline: one row of column medians (missing cells left out; the mean
-- of the two middle values for an even count). Robust to outliers.
local function median(values)
	local v = {}
	for _, x in ipairs(values) do
		if x == x then		-- leave out NaN (missing)
			v[#v + 1] = x
		end
	end
	if #v == 0 then
		return 0
	end
	table.sort(v)
	local mid = #v // 2
	if #v % 2 == 1 then
		return v[mid + 1]
	end
	return (v[mid] + v[mid + 1]) / 2
end

return function(data)
	local row = {}
	for j = 1, data:ncols() do
		row[j] = median(data:column(j))
	end
	return {rows = {row}, desc = "column medians of " .. data:name()}
end
