provider "azurerm" {
  features {}
}

variable "location" {
  type    = string
  default = "northeurope"
}

locals {
  rdp_rules = {
    rdp = {
      priority = 110
      port     = "3389"
      source   = "*"
    }
    https = {
      priority = 120
      port     = "443"
      source   = "Internet"
    }
  }
}

resource "azurerm_resource_group" "legacy" {
  name     = "rg-legacy-files"
  location = var.location
}

# A file share for an old application: plain HTTP, TLS 1.0, a public container,
# and RDP open to the internet on its server's NSG. These are the findings this
# example exists for.
module "storage" {
  source = "../../"

  name                = "legacyfiles01"
  resource_group_name = azurerm_resource_group.legacy.name
  location            = azurerm_resource_group.legacy.location

  https_traffic_only_enabled      = false
  min_tls_version                 = "TLS1_0"
  allow_nested_items_to_be_public = true
  public_network_access_enabled   = true
  shared_access_key_enabled       = true

  blob_properties = null
  network_rules   = null

  containers = {
    downloads = {
      name          = "downloads"
      public_access = "Blob"
    }
  }
}

resource "azurerm_network_security_group" "app" {
  name                = "nsg-legacy-app"
  location            = azurerm_resource_group.legacy.location
  resource_group_name = azurerm_resource_group.legacy.name
}

resource "azurerm_network_security_rule" "app" {
  for_each = local.rdp_rules

  name                        = "allow-${each.key}"
  priority                    = each.value.priority
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = each.value.port
  source_address_prefix       = each.value.source
  destination_address_prefix  = "*"
  resource_group_name         = azurerm_resource_group.legacy.name
  network_security_group_name = azurerm_network_security_group.app.name
}
