variable "create" {
  description = "Controls if resources should be created (affects nearly all resources)"
  type        = bool
  default     = true
}

variable "putin_khuylo" {
  type    = bool
  default = true
}

variable "prefix_separator" {
  type    = string
  default = "-"
}

variable "cluster_name" {
  type    = string
  default = ""
}

variable "cluster_version" {
  type    = string
  default = null
}

variable "cluster_enabled_log_types" {
  type    = list(string)
  default = ["audit", "api", "authenticator"]
}

variable "authentication_mode" {
  type    = string
  default = "API_AND_CONFIG_MAP"
}

variable "cluster_additional_security_group_ids" {
  type    = list(string)
  default = []
}

variable "control_plane_subnet_ids" {
  type    = list(string)
  default = []
}

variable "subnet_ids" {
  type    = list(string)
  default = []
}

variable "vpc_id" {
  type    = string
  default = null
}

variable "cluster_endpoint_private_access" {
  type    = bool
  default = true
}

variable "cluster_endpoint_public_access" {
  description = "Whether the Amazon EKS public API server endpoint is enabled"
  type        = bool
  default     = false
}

variable "cluster_endpoint_public_access_cidrs" {
  description = "List of CIDR blocks which can access the Amazon EKS public API server endpoint"
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "cluster_ip_family" {
  type    = string
  default = "ipv4"
}

variable "cluster_service_ipv4_cidr" {
  type    = string
  default = null
}

variable "outpost_config" {
  type    = any
  default = {}
}

variable "cluster_encryption_config" {
  description = "Configuration block with encryption configuration for the cluster"
  type        = any
  default = {
    resources = ["secrets"]
  }
}

variable "attach_cluster_encryption_policy" {
  type    = bool
  default = true
}

variable "cluster_tags" {
  type    = map(string)
  default = {}
}

variable "cluster_timeouts" {
  type    = map(string)
  default = {}
}

variable "create_kms_key" {
  type    = bool
  default = true
}

variable "kms_key_description" {
  type    = string
  default = null
}

variable "kms_key_deletion_window_in_days" {
  type    = number
  default = null
}

variable "enable_kms_key_rotation" {
  type    = bool
  default = true
}

variable "create_cloudwatch_log_group" {
  type    = bool
  default = true
}

variable "cloudwatch_log_group_retention_in_days" {
  type    = number
  default = 90
}

variable "cloudwatch_log_group_kms_key_id" {
  type    = string
  default = null
}

variable "create_cluster_security_group" {
  type    = bool
  default = true
}

variable "cluster_security_group_id" {
  type    = string
  default = ""
}

variable "cluster_security_group_name" {
  type    = string
  default = null
}

variable "cluster_security_group_additional_rules" {
  description = "Extra security group rules of the cluster security group"
  type        = any
  default     = {}
}

variable "create_node_security_group" {
  type    = bool
  default = true
}

variable "node_security_group_id" {
  type    = string
  default = ""
}

variable "create_iam_role" {
  type    = bool
  default = true
}

variable "iam_role_arn" {
  type    = string
  default = null
}

variable "iam_role_name" {
  type    = string
  default = null
}

variable "iam_role_use_name_prefix" {
  type    = bool
  default = true
}

variable "eks_managed_node_groups" {
  description = "Map of EKS managed node group definitions to create"
  type        = any
  default     = {}
}

variable "eks_managed_node_group_defaults" {
  type    = any
  default = {}
}

variable "tags" {
  type    = map(string)
  default = {}
}
