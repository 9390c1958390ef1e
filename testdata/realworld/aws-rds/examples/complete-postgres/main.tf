provider "aws" {
  region = local.region
}

locals {
  name   = "complete-postgresql"
  region = "eu-west-1"

  vpc_cidr = "10.20.0.0/16"
  azs      = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]

  tags = {
    Name    = local.name
    Example = local.name
  }
}

module "db" {
  source = "../../"

  identifier = local.name

  engine                = "postgres"
  engine_version        = "16.3"
  family                = "postgres16"
  instance_class        = "db.t4g.large"
  allocated_storage     = 20
  max_allocated_storage = 100

  db_name  = "completePostgresql"
  username = "complete_postgresql"
  port     = 5432

  multi_az               = true
  create_db_subnet_group = true
  subnet_ids             = [for s in aws_subnet.database : s.id]
  vpc_security_group_ids = [aws_security_group.db.id]

  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]

  backup_retention_period = 7
  skip_final_snapshot     = false
  deletion_protection     = true

  performance_insights_enabled = true
  create_monitoring_role       = true
  monitoring_interval          = 60

  parameters = [
    {
      name  = "autovacuum"
      value = 1
    },
    {
      name         = "client_encoding"
      value        = "utf8"
      apply_method = "pending-reboot"
    },
  ]

  timeouts = {
    create = "60m"
  }

  tags = local.tags
  db_instance_tags = {
    "Sensitive" = "high"
  }
}

module "db_default" {
  source = "../../"

  identifier = "${local.name}-default"

  create_db_parameter_group = false
  parameter_group_name      = "default.postgres16"

  engine            = "postgres"
  engine_version    = "16.3"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20

  db_name  = "completePostgresql"
  username = "complete_postgresql"
  port     = "5432"

  db_subnet_group_name   = module.db.db_subnet_group_id
  vpc_security_group_ids = [aws_security_group.db.id]

  backup_retention_period = 1
  skip_final_snapshot     = true

  tags = local.tags
}

module "db_disabled" {
  source = "../../"

  identifier = "${local.name}-disabled"

  create_db_instance        = false
  create_db_parameter_group = false
}

################################################################################
# Supporting resources
################################################################################

resource "aws_vpc" "this" {
  cidr_block           = local.vpc_cidr
  enable_dns_hostnames = true

  tags = local.tags
}

resource "aws_subnet" "database" {
  for_each = { for i, az in local.azs : az => cidrsubnet(local.vpc_cidr, 8, i + 6) }

  vpc_id            = aws_vpc.this.id
  availability_zone = each.key
  cidr_block        = each.value

  tags = merge(local.tags, { Name = "${local.name}-db-${each.key}" })
}

resource "aws_security_group" "db" {
  name        = local.name
  description = "PostgreSQL from inside the VPC"
  vpc_id      = aws_vpc.this.id

  ingress {
    description = "PostgreSQL access from within VPC"
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.this.cidr_block]
  }

  tags = local.tags
}
