variable "project_id" {
  description = "The ID of the project where this VPC will be created"
  type        = string
}

variable "network_name" {
  description = "The name of the network being created"
  type        = string
}

variable "routing_mode" {
  type    = string
  default = "GLOBAL"
}

variable "shared_vpc_host" {
  type    = bool
  default = false
}

variable "subnets" {
  description = "The list of subnets being created"
  type = list(object({
    subnet_name                      = string
    subnet_ip                        = string
    subnet_region                    = string
    subnet_private_access            = optional(string, "false")
    subnet_flow_logs                 = optional(string, "false")
    subnet_flow_logs_interval        = optional(string, "INTERVAL_5_SEC")
    subnet_flow_logs_sampling        = optional(string, "0.5")
    subnet_flow_logs_metadata        = optional(string, "INCLUDE_ALL_METADATA")
    subnet_flow_logs_filter          = optional(string, "true")
    subnet_flow_logs_metadata_fields = optional(list(string), [])
    description                      = optional(string)
    purpose                          = optional(string)
    role                             = optional(string)
    stack_type                       = optional(string)
  }))
  default = []
}

variable "secondary_ranges" {
  type    = map(list(object({ range_name = string, ip_cidr_range = string })))
  default = {}
}

variable "firewall_rules" {
  description = "List of firewall rules"
  type        = any
  default     = []
}

variable "delete_default_internet_gateway_routes" {
  type    = bool
  default = false
}

variable "description" {
  type    = string
  default = ""
}

variable "auto_create_subnetworks" {
  type    = bool
  default = false
}

variable "mtu" {
  type    = number
  default = 0
}
