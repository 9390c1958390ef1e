# The bucket name and ACL come from variables without a value in the workspace: the
# source alone cannot tell. tfplan.json (terraform show -json) resolved them to
# "acme-reports" and "public-read", so the finding is reported here, on the source.
variable "bucket_name" {
  type = string
}

variable "acl" {
  type = string
}

resource "aws_s3_bucket" "reports" {
  bucket = var.bucket_name
  acl    = var.acl

  versioning {
    enabled = true
  }

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "aws:kms"
      }
    }
  }

  logging {
    target_bucket = "acme-access-logs"
  }
}
