provider "aws" {
  region = "us-east-1"
}

variable "domain" {
  description = "The site's domain, also the bucket name"
  type        = string
  default     = "www.example.com"
}

# A website bucket opened to the world with a public ACL instead of CloudFront:
# the findings this example exists for.
module "website" {
  source = "../../"

  bucket = var.domain

  control_object_ownership = true
  object_ownership         = "BucketOwnerPreferred"
  acl                      = "public-read"

  block_public_acls       = false
  block_public_policy     = true
  ignore_public_acls      = false
  restrict_public_buckets = true

  versioning = {
    enabled = false
  }

  website = {
    index_document = "index.html"
    error_document = "error.html"
  }

  tags = {
    Site = var.domain
  }
}

output "website_endpoint" {
  value = module.website.s3_bucket_website_endpoint
}
