resource "aws_s3_bucket" "ignored" { acl = "public-read" }
