provider "azurerm" {
  features {}
}

locals {
  location = "westeurope"
  prefix   = "vigilrw"
}

resource "azurerm_resource_group" "this" {
  name     = "rg-${local.prefix}-default"
  location = local.location
}

resource "azurerm_virtual_network" "this" {
  name                = "vnet-${local.prefix}"
  address_space       = ["10.40.0.0/16"]
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
}

resource "azurerm_subnet" "private" {
  name                 = "snet-private"
  resource_group_name  = azurerm_resource_group.this.name
  virtual_network_name = azurerm_virtual_network.this.name
  address_prefixes     = [cidrsubnet("10.40.0.0/16", 8, 1)]
  service_endpoints    = ["Microsoft.Storage"]
}

resource "azurerm_network_security_group" "private" {
  name                = "nsg-private"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name

  security_rule {
    name                       = "allow-https-from-vnet"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "443"
    source_address_prefix      = "VirtualNetwork"
    destination_address_prefix = "*"
  }
}

module "storage" {
  source = "../../"

  name                = "${local.prefix}data"
  resource_group_name = azurerm_resource_group.this.name
  location            = azurerm_resource_group.this.location

  account_replication_type = "GRS"

  managed_identities = {
    system_assigned = true
  }

  blob_properties = {
    container_delete_retention_policy = {}
    cors_rule = [
      {
        allowed_headers    = ["*"]
        allowed_methods    = ["GET", "HEAD"]
        allowed_origins    = ["https://app.example.com"]
        exposed_headers    = ["ETag"]
        max_age_in_seconds = 3600
      },
    ]
  }

  network_rules = {
    virtual_network_subnet_ids = [azurerm_subnet.private.id]
    ip_rules                   = ["203.0.113.0/24"]
  }

  containers = {
    raw = {
      name = "raw"
    }
    curated = {
      name     = "curated"
      metadata = { owner = "data-platform" }
    }
  }

  queues = {
    ingest = {
      name = "ingest"
    }
  }

  management_policy_rules = [
    {
      name = "cool-raw"
      filters = {
        prefix_match = ["raw/"]
        blob_types   = ["blockBlob"]
      }
      actions = {
        base_blob = {
          tier_to_cool_after_days_since_modification_greater_than = 30
          delete_after_days_since_modification_greater_than       = 365
        }
      }
    },
  ]

  tags = {
    environment = "dev"
  }
}
