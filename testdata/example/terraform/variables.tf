variable "environment" {
  description = "Deployment environment"
  type        = string
  default     = "dev"
}

variable "log_retention_days" {
  type    = number
  default = 30
}

variable "admin_cidr" {
  description = "Who may reach the bastion over SSH"
  type        = string
  default     = "10.0.0.0/8"
}

variable "kms_key_arn" {
  description = "Set per environment; unknown here, so never guessed"
  type        = string
}
