-- SPDX-License-Identifier: ISC
-- Baseline: one row of column means (missing cells left out).
-- Equals --baseline mean.
return function(data)
	return {rows = {data:means()}, desc = "column means of " .. data:name()}
end
