# Tests of provider_capped_below (vigil.rego).
package vigil.lib.vigil_test
import data.vigil.lib
import rego.v1
capped(cs, v) if lib.provider_capped_below("azurerm", v) with input as {"stack": {"providers": {"azurerm": cs}}}
test_caps if {
  capped(["~> 2.90"], "3.0.0")
  capped(["~> 2.90.1"], "2.91.0")
  not capped(["~> 2.90.1"], "2.90.5")
  capped([">= 2.0, < 3.0"], "3.0.0")
  capped(["<= 2.99"], "3.0.0")
  not capped(["<= 3.0"], "3.0.0")
  capped(["2.99.0"], "3.0.0")
  capped(["= 2.99.0"], "3.0")
  not capped([">= 2.0"], "3.0.0")
  not capped(["~> 3.0"], "3.0.0")
  not capped([], "3.0.0")
  not lib.provider_capped_below("azurerm", "3.0.0") with input as {"stack": {}}
  not capped(["!= 2.5.0"], "3.0.0")
  not capped(["~> 3.116"], "3.0.0")
  capped(["~> 3"], "4.0.0")
}
