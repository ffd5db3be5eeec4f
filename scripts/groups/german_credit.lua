-- SPDX-License-Identifier: ISC
-- Feature groups for the German credit data (tests/data/csv/german_credit.csv,
-- caret's dummy coding "Group.Level"): each block of one-hot columns
-- becomes one readable player; the numeric columns stay on their own.
local LABELS = {
	CheckingAccountStatus = "checking account",
	CreditHistory = "credit history",
	Purpose = "purpose",
	SavingsAccountBonds = "savings",
	EmploymentDuration = "employment",
	Personal = "personal status",
	OtherDebtorsGuarantors = "other debtors",
	Property = "property",
	OtherInstallmentPlans = "other installment plans",
	Housing = "housing",
	Job = "job",
}

return function(names)
	local groups, order = {}, {}
	for _, name in ipairs(names) do
		local prefix = name:match("^([^.]+)%.")
		local label = prefix and LABELS[prefix]
		if label then
			if groups[label] == nil then
				groups[label] = {}
				order[#order + 1] = label
			end
			table.insert(groups[label], name)
		end
	end
	local out = {}
	for _, label in ipairs(order) do
		out[#out + 1] = {name = label, members = groups[label]}
	end
	return out
end
