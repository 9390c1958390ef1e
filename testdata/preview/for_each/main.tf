variable "create_audit" {
  default = true
}

locals {
  # for_each over a map: one instance per key, addressed aws_s3_bucket.site["<key>"],
  # each.value is the map's value for that key.
  sites = {
    blog = { acl = "private" }
    docs = { acl = "public-read" }
    shop = { acl = "private" }
  }
}

resource "aws_s3_bucket" "site" {
  for_each = local.sites
  bucket   = "acme-${each.key}"
  acl      = each.value.acl

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

# count from a conditional: var.create_audit is true, so one instance, [0]; its
# versioning is off.
resource "aws_s3_bucket" "audit" {
  count  = var.create_audit ? 1 : 0
  bucket = "acme-audit-${count.index}"

  versioning {
    enabled = false
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
