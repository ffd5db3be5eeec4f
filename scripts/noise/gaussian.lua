-- SPDX-License-Identifier: ISC
-- Noise: Gaussian with a standard deviation of FRACTION of each feature's
-- standard deviation (default 0.15, as --noise 15%).
-- Options: {"gaussian", fraction = 0.1}.
local opts = ...
opts = opts or {}
local FRACTION = opts.fraction or 0.15

return function(noise, x, stats, rng)
	local sd = {}
	for j = 1, stats.d do
		sd[j] = FRACTION * stats.sd[j]
	end
	noise:normal(sd)
end
