variable "create_bucket" {
  description = "Controls if the S3 bucket should be created"
  type        = bool
  default     = true
}

variable "putin_khuylo" {
  description = "Guard flag every resource of the module depends on, as in the upstream modules"
  type        = bool
  default     = true
}

variable "bucket" {
  description = "The name of the bucket; a random unique name when null"
  type        = string
  default     = null
}

variable "bucket_prefix" {
  type    = string
  default = null
}

variable "force_destroy" {
  type    = bool
  default = false
}

variable "object_lock_enabled" {
  type    = bool
  default = false
}

variable "acl" {
  description = "(Optional) The canned ACL to apply. Conflicts with `grant`"
  type        = string
  default     = null

  validation {
    condition     = var.acl == null || contains(["private", "public-read", "public-read-write", "authenticated-read", "log-delivery-write"], coalesce(var.acl, "private"))
    error_message = "Unknown canned ACL."
  }
}

variable "grant" {
  description = "ACL policy grants, as a list of maps (or a JSON string of one)"
  type        = any
  default     = []
}

variable "owner" {
  type    = map(string)
  default = {}
}

variable "expected_bucket_owner" {
  type    = string
  default = null
}

variable "control_object_ownership" {
  type    = bool
  default = false
}

variable "object_ownership" {
  type    = string
  default = "BucketOwnerEnforced"
}

variable "attach_policy" {
  type    = bool
  default = false
}

variable "policy" {
  description = "A bucket policy JSON document"
  type        = string
  default     = null
}

variable "attach_deny_insecure_transport_policy" {
  type    = bool
  default = false
}

variable "attach_public_policy" {
  description = "Whether to manage the bucket's public access block"
  type        = bool
  default     = true
}

variable "block_public_acls" {
  type    = bool
  default = true
}

variable "block_public_policy" {
  type    = bool
  default = true
}

variable "ignore_public_acls" {
  type    = bool
  default = true
}

variable "restrict_public_buckets" {
  type    = bool
  default = true
}

variable "versioning" {
  description = "Map containing versioning configuration"
  type        = map(string)
  default     = {}
}

variable "logging" {
  description = "Map containing access bucket logging configuration"
  type        = any
  default     = {}
}

variable "server_side_encryption_configuration" {
  description = "Map containing server-side encryption configuration"
  type        = any
  default     = {}
}

variable "lifecycle_rule" {
  description = "List of maps containing configuration of object lifecycle management"
  type        = any
  default     = []
}

variable "website" {
  description = "Map containing static web-site hosting or redirect configuration"
  type        = any
  default     = {}
}

variable "tags" {
  type    = map(string)
  default = {}
}
