variable "create_vpc" {
  description = "Whether to create the VPC and everything in it"
  type        = bool
  default     = true
}

variable "name" {
  description = "Name used on all the resources as identifier"
  type        = string
  default     = ""
}

variable "cidr" {
  description = "The IPv4 CIDR block of the VPC"
  type        = string
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrhost(var.cidr, 0))
    error_message = "The cidr must be a valid IPv4 CIDR block."
  }
}

variable "secondary_cidr_blocks" {
  description = "Additional IPv4 CIDR blocks to associate with the VPC"
  type        = list(string)
  default     = []
}

variable "instance_tenancy" {
  description = "Tenancy of instances launched into the VPC"
  type        = string
  default     = "default"

  validation {
    condition     = contains(["default", "dedicated"], var.instance_tenancy)
    error_message = "The instance_tenancy must be \"default\" or \"dedicated\"."
  }
}

variable "azs" {
  description = "Availability zone names or ids"
  type        = list(string)
  default     = []
}

variable "enable_dns_hostnames" {
  type    = bool
  default = true
}

variable "enable_dns_support" {
  type    = bool
  default = true
}

variable "public_subnets" {
  description = "Public subnet CIDRs"
  type        = list(string)
  default     = []
}

variable "public_subnet_names" {
  description = "Explicit names for the public subnets"
  type        = list(string)
  default     = []
}

variable "public_subnet_suffix" {
  type    = string
  default = "public"
}

variable "map_public_ip_on_launch" {
  type    = bool
  default = false
}

variable "private_subnets" {
  description = "Private subnet CIDRs"
  type        = list(string)
  default     = []
}

variable "private_subnet_suffix" {
  type    = string
  default = "private"
}

variable "database_subnets" {
  description = "Database subnet CIDRs"
  type        = list(string)
  default     = []
}

variable "database_subnet_suffix" {
  type    = string
  default = "db"
}

variable "create_database_subnet_group" {
  type    = bool
  default = true
}

variable "database_subnet_group_name" {
  type    = string
  default = null
}

variable "create_igw" {
  type    = bool
  default = true
}

variable "enable_nat_gateway" {
  type    = bool
  default = false
}

variable "single_nat_gateway" {
  type    = bool
  default = false
}

variable "one_nat_gateway_per_az" {
  type    = bool
  default = false
}

variable "reuse_nat_ips" {
  type    = bool
  default = false
}

variable "external_nat_ip_ids" {
  type    = list(string)
  default = []
}

variable "manage_default_security_group" {
  type    = bool
  default = true
}

variable "default_security_group_name" {
  type    = string
  default = null
}

variable "default_security_group_ingress" {
  description = "Rules of the default security group, as maps of strings"
  type        = list(map(string))
  default     = []
}

variable "default_security_group_egress" {
  type    = list(map(string))
  default = []
}

variable "enable_flow_log" {
  type    = bool
  default = false
}

variable "flow_log" {
  description = "Flow log settings"
  type = object({
    destination_type         = optional(string, "s3")
    destination_arn          = optional(string)
    traffic_type             = optional(string, "ALL")
    max_aggregation_interval = optional(number, 600)
    file_format              = optional(string, "parquet")
    hive_compatible          = optional(bool, false)
    per_hour_partition       = optional(bool, true)
  })
  default  = {}
  nullable = false

  validation {
    condition     = contains(["s3", "cloud-watch-logs"], var.flow_log.destination_type)
    error_message = "Flow logs go to s3 or cloud-watch-logs."
  }
}

variable "tags" {
  type     = map(string)
  default  = {}
  nullable = false
}

variable "vpc_tags" {
  type    = map(string)
  default = {}
}

variable "public_subnet_tags" {
  type    = map(string)
  default = {}
}

variable "private_subnet_tags" {
  type    = map(string)
  default = {}
}

variable "igw_tags" {
  type    = map(string)
  default = {}
}

variable "nat_gateway_tags" {
  type    = map(string)
  default = {}
}
