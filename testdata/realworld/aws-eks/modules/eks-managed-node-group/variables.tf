variable "create" {
  type    = bool
  default = true
}

variable "cluster_name" {
  type    = string
  default = null
}

variable "cluster_version" {
  type    = string
  default = null
}

variable "name" {
  type    = string
  default = ""
}

variable "use_name_prefix" {
  type    = bool
  default = true
}

variable "subnet_ids" {
  type    = list(string)
  default = null
}

variable "min_size" {
  type    = number
  default = 0
}

variable "max_size" {
  type    = number
  default = 3
}

variable "desired_size" {
  type    = number
  default = 1
}

variable "ami_type" {
  type    = string
  default = null
}

variable "capacity_type" {
  type    = string
  default = "ON_DEMAND"
}

variable "instance_types" {
  type    = list(string)
  default = null
}

variable "labels" {
  type    = map(string)
  default = null
}

variable "taints" {
  description = "The Kubernetes taints to be applied to the nodes in the node group"
  type        = any
  default     = {}
}

variable "update_config" {
  type = map(string)
  default = {
    max_unavailable_percentage = 33
  }
}

variable "create_launch_template" {
  type    = bool
  default = true
}

variable "launch_template_name" {
  type    = string
  default = null
}

variable "block_device_mappings" {
  description = "Block device mappings of the launch template, by key"
  type        = any
  default     = {}
}

variable "metadata_options" {
  type = map(string)
  default = {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 2
  }
}

variable "tag_specifications" {
  type    = list(string)
  default = ["instance", "volume", "network-interface"]
}

variable "vpc_security_group_ids" {
  type    = list(string)
  default = []
}

variable "create_iam_role" {
  type    = bool
  default = true
}

variable "iam_role_arn" {
  type    = string
  default = null
}

variable "tags" {
  type    = map(string)
  default = {}
}
