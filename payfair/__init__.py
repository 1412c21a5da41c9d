"""payfair: the truth about homecare pay.

From a rota, work out each worker's working time (contact, travel, waiting), the pay that counts
for the National Minimum Wage, the true hourly rate, any shortfall and the arrears owed; model pay
scenarios; and price the fee per contact hour that funds them. See docs/ARCHITECTURE.md.
"""

__version__ = "0.1.0"
