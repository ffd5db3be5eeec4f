-- SPDX-License-Identifier: ISC
-- Salt-and-pepper noise for image rows: each pixel, with probability P
-- (default 0.05), becomes the darkest (pepper) or the brightest (salt)
-- value of its column, with equal chance; other pixels are unchanged.
-- Options: {"saltpepper", p = 0.1}.
local opts = ...
opts = opts or {}
local P = opts.p or 0.05

return function(noise, x, stats, rng)
	noise:saltpepper(P, x, stats.min, stats.max)
end
