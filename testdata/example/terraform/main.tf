locals {
  name_prefix = "acme-${var.environment}"
  common_tags = {
    Owner       = "platform"
    Environment = var.environment
  }
}

# Application assets, served through CloudFront.
resource "aws_s3_bucket" "assets" {
  bucket = "${local.name_prefix}-assets"
  acl    = "public-read"
  tags   = local.common_tags
}

resource "aws_s3_bucket_versioning" "assets" {
  bucket = aws_s3_bucket.assets.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "logs" {
  count  = 2
  bucket = "${local.name_prefix}-logs-${count.index}"
  tags   = merge(local.common_tags, { Purpose = "logs" })

  versioning {
    enabled = false
  }

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = var.kms_key_arn
      }
    }
  }
}

resource "aws_kms_key" "data" {
  description         = "Data at rest for ${local.name_prefix}"
  enable_key_rotation = false
}

resource "aws_db_instance" "orders" {
  identifier          = "${local.name_prefix}-orders"
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  storage_encrypted   = true
  # vigil:ignore VGL-AWS-RDS-002 reached through the VPN only; reviewed by security in PR 412 until=2027-03-31
  publicly_accessible = true
  kms_key_id          = aws_kms_key.data.arn
}

resource "aws_cloudtrail" "main" {
  name                       = "${local.name_prefix}-trail"
  s3_bucket_name             = aws_s3_bucket.logs[0].id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.data.arn
}
