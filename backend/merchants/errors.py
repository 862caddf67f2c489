from enum import Enum


class MerchantError(str, Enum):
    NAME_REQUIRED = "NAME_REQUIRED"
    NAME_TAKEN = "NAME_TAKEN"
