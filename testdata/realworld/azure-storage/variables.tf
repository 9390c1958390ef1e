variable "name" {
  description = "The name of the storage account (3-24 lowercase letters and digits)"
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]{3,24}$", var.name))
    error_message = "The name must be 3-24 lowercase letters and digits."
  }
}

variable "resource_group_name" {
  type = string
}

variable "location" {
  type = string
}

variable "account_kind" {
  type    = string
  default = "StorageV2"
}

variable "account_tier" {
  type    = string
  default = "Standard"

  validation {
    condition     = contains(["Standard", "Premium"], var.account_tier)
    error_message = "Invalid value for account tier."
  }
}

variable "account_replication_type" {
  type    = string
  default = "ZRS"
}

variable "access_tier" {
  type    = string
  default = "Hot"
}

variable "https_traffic_only_enabled" {
  type     = bool
  default  = true
  nullable = false
}

variable "min_tls_version" {
  type    = string
  default = "TLS1_2"

  validation {
    condition     = contains(["TLS1_0", "TLS1_1", "TLS1_2"], var.min_tls_version)
    error_message = "Invalid TLS version."
  }
}

variable "allow_nested_items_to_be_public" {
  type     = bool
  default  = false
  nullable = false
}

variable "shared_access_key_enabled" {
  type    = bool
  default = false
}

variable "public_network_access_enabled" {
  type    = bool
  default = false
}

variable "infrastructure_encryption_enabled" {
  type    = bool
  default = false
}

variable "managed_identities" {
  type = object({
    system_assigned            = optional(bool, false)
    user_assigned_resource_ids = optional(set(string), [])
  })
  default  = {}
  nullable = false
}

variable "blob_properties" {
  description = "Blob service properties; null leaves the service defaults"
  type = object({
    versioning_enabled       = optional(bool, true)
    change_feed_enabled      = optional(bool, false)
    last_access_time_enabled = optional(bool)
    delete_retention_policy = optional(object({
      days = optional(number, 7)
    }), { days = 7 })
    container_delete_retention_policy = optional(object({
      days = optional(number, 7)
    }))
    cors_rule = optional(list(object({
      allowed_headers    = list(string)
      allowed_methods    = list(string)
      allowed_origins    = list(string)
      exposed_headers    = list(string)
      max_age_in_seconds = number
    })))
  })
  default = {}
}

variable "network_rules" {
  type = object({
    bypass                     = optional(set(string), ["AzureServices"])
    default_action             = optional(string, "Deny")
    ip_rules                   = optional(set(string), [])
    virtual_network_subnet_ids = optional(set(string), [])
  })
  default = {}
}

variable "containers" {
  description = "Blob containers to create, by key"
  type = map(object({
    name          = string
    public_access = optional(string, "None")
    metadata      = optional(map(string))
  }))
  default  = {}
  nullable = false

  validation {
    condition     = alltrue([for c in var.containers : contains(["None", "Blob", "Container"], c.public_access)])
    error_message = "public_access must be None, Blob or Container."
  }
}

variable "queues" {
  type = map(object({
    name     = string
    metadata = optional(map(string))
  }))
  default = {}
}

variable "management_policy_rules" {
  type = list(object({
    name    = string
    enabled = optional(bool, true)
    filters = object({
      prefix_match = optional(set(string))
      blob_types   = set(string)
    })
    actions = object({
      base_blob = optional(object({
        tier_to_cool_after_days_since_modification_greater_than = optional(number)
        delete_after_days_since_modification_greater_than       = optional(number)
      }))
      snapshot = optional(object({
        delete_after_days_since_creation_greater_than = optional(number)
      }))
    })
  }))
  default = []
}

variable "tags" {
  type    = map(string)
  default = null
}
