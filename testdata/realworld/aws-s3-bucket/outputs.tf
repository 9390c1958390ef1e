output "s3_bucket_id" {
  description = "The name of the bucket."
  value       = try(aws_s3_bucket_policy.this[0].id, aws_s3_bucket.this[0].id, "")
}

output "s3_bucket_arn" {
  value = try(aws_s3_bucket.this[0].arn, "")
}

output "s3_bucket_region" {
  value = try(aws_s3_bucket.this[0].region, data.aws_region.current.name, "")
}

output "s3_bucket_website_endpoint" {
  value = try(aws_s3_bucket_website_configuration.this[0].website_endpoint, "")
}

output "account_id" {
  value = data.aws_caller_identity.current.account_id
}

output "partition" {
  value = data.aws_partition.current.partition
}
