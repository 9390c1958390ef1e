provider "aws" {
  region = local.region
}

locals {
  region      = "eu-west-1"
  bucket_name = "vigil-realworld-complete-${random_pet.this.id}"
}

data "aws_caller_identity" "current" {}

resource "random_pet" "this" {
  length = 2
}

resource "aws_kms_key" "objects" {
  description             = "KMS key used to encrypt bucket objects"
  deletion_window_in_days = 7
  enable_key_rotation     = true
}

data "aws_iam_policy_document" "bucket_policy" {
  statement {
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }

    actions = ["s3:ListBucket"]

    resources = ["arn:aws:s3:::${local.bucket_name}"]
  }
}

module "log_bucket" {
  source = "../../"

  bucket        = "${local.bucket_name}-logs"
  force_destroy = true

  control_object_ownership = true
  object_ownership         = "ObjectWriter"
  acl                      = "log-delivery-write"

  attach_deny_insecure_transport_policy = true

  versioning = {
    enabled = true
  }

  server_side_encryption_configuration = {
    rule = {
      apply_server_side_encryption_by_default = {
        sse_algorithm = "AES256"
      }
    }
  }

  lifecycle_rule = [
    {
      id      = "expire-logs"
      enabled = true

      expiration = {
        days = 90
      }
    },
  ]
}

module "s3_bucket" {
  source = "../../"

  bucket = local.bucket_name

  force_destroy       = true
  object_lock_enabled = false

  attach_policy                         = true
  policy                                = data.aws_iam_policy_document.bucket_policy.json
  attach_deny_insecure_transport_policy = true

  tags = {
    Owner = "platform"
  }

  versioning = {
    status     = true
    mfa_delete = false
  }

  logging = {
    target_bucket = module.log_bucket.s3_bucket_id
    target_prefix = "log/"
  }

  server_side_encryption_configuration = {
    rule = {
      bucket_key_enabled = true

      apply_server_side_encryption_by_default = {
        kms_master_key_id = aws_kms_key.objects.arn
        sse_algorithm     = "aws:kms"
      }
    }
  }

  lifecycle_rule = jsonencode([
    {
      id                                     = "log"
      enabled                                = true
      abort_incomplete_multipart_upload_days = 7

      filter = {
        prefix = "log/"
      }

      transition = [
        {
          days          = 30
          storage_class = "ONEZONE_IA"
        },
        {
          days          = 60
          storage_class = "GLACIER"
        },
      ]

      noncurrent_version_expiration = {
        days = 300
      }
    },
    {
      id     = "tmp"
      status = "Enabled"

      expiration = {
        days = 1
      }
    },
  ])
}

module "disabled" {
  source = "../../"

  create_bucket = false
}

################################################################################
# A Lambda function notified of new objects (its code is a zip next to this file)
################################################################################

resource "aws_iam_role" "notify" {
  name = "${local.bucket_name}-notify"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { Service = "lambda.amazonaws.com" }
      },
    ]
  })
}

resource "aws_iam_role_policy" "notify" {
  name = "read-new-objects"
  role = aws_iam_role.notify.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = ["${module.s3_bucket.s3_bucket_arn}/*"]
      },
      {
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "*"
      },
    ]
  })
}

resource "aws_lambda_function" "notify" {
  function_name    = "${local.bucket_name}-notify"
  role             = aws_iam_role.notify.arn
  handler          = "index.handler"
  runtime          = "python3.12"
  filename         = "${path.module}/fixtures/notify.zip"
  source_code_hash = filebase64sha256("${path.module}/fixtures/notify.zip")
}

resource "aws_lambda_permission" "allow_bucket" {
  statement_id  = "AllowExecutionFromS3Bucket"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.notify.arn
  principal     = "s3.amazonaws.com"
  source_arn    = module.s3_bucket.s3_bucket_arn
}

resource "aws_s3_bucket_notification" "this" {
  bucket = module.s3_bucket.s3_bucket_id

  lambda_function {
    lambda_function_arn = aws_lambda_function.notify.arn
    events              = ["s3:ObjectCreated:*"]
    filter_prefix       = "uploads/"
  }

  depends_on = [aws_lambda_permission.allow_bucket]
}

output "bucket_id" {
  value = module.s3_bucket.s3_bucket_id
}

output "log_bucket_id" {
  value = module.log_bucket.s3_bucket_id
}
