# The same module twice: "assets" passes a public ACL (reported here, on the
# argument, where the fix belongs), "logs" keeps the module's default "private".
module "assets" {
  source = "./modules/bucket"
  name   = "acme-assets"
  acl    = "public-read"
}

module "logs" {
  source = "./modules/bucket"
  name   = "acme-logs"
}

# module.logs.name is the module's output: "acme-logs" (aws_s3_bucket.this.bucket,
# known at plan time because it is set from a literal input).
resource "aws_s3_bucket_logging" "assets" {
  bucket        = module.assets.name
  target_bucket = module.logs.name
}
