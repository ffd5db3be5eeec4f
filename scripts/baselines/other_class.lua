-- SPDX-License-Identifier: ISC
-- Baseline for each row: the mean of the rows whose target is another
-- class than the one predicted for it ("what would make this a different
-- case?"). For a model with one output (a probability), the predicted
-- class is 1 when the output is at least 0.5. Needs a target column.
return function(data, row)
	local class = row.class
	if row.y ~= nil and #row.y == 1 then
		class = row.y[1] >= 0.5 and 1 or 0
	end
	local d, sum, n = data:ncols(), {}, 0
	for j = 1, d do
		sum[j] = 0
	end
	for r = 0, #data - 1 do
		local t = data:target(r)
		if t ~= nil and t ~= class and not data:missing(r) then
			local x = data:row(r)
			for j = 1, d do
				sum[j] = sum[j] + x[j]
			end
			n = n + 1
		end
	end
	assert(n > 0, "other_class: no row has a class other than " .. class)
	for j = 1, d do
		sum[j] = sum[j] / n
	end
	return {rows = {sum}, desc = string.format("mean of the %d rows not of class %d",
	    n, class)}
end
