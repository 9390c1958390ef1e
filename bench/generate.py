#!/usr/bin/env python3
"""Generates a workspace with N resources for `vigil check` benchmarks.

About 60% Terraform (S3 buckets, security groups, EBS volumes, IAM policies,
spread over directories of 100 resources with variables, locals and count),
25% Kubernetes (Deployments in multi-document files) and 15% CloudFormation.
About one resource in five violates a built-in policy.
"""
import os
import sys


def terraform(dir_, start, count):
    os.makedirs(dir_, exist_ok=True)
    with open(os.path.join(dir_, "variables.tf"), "w") as f:
        f.write('variable "env" { default = "prod" }\nvariable "open_cidr" { default = "0.0.0.0/0" }\n')
        f.write('locals {\n  prefix = "acme-${var.env}"\n  tags = { Owner = "platform", Env = var.env }\n}\n')
    with open(os.path.join(dir_, "main.tf"), "w") as f:
        i = 0
        while i < count:
            n = start + i
            kind = n % 4
            if kind == 0:
                acl = '"public-read"' if n % 5 == 0 else '"private"'
                f.write(f'resource "aws_s3_bucket" "b{n}" {{\n  bucket = "${{local.prefix}}-{n}"\n  acl    = {acl}\n  tags   = local.tags\n  versioning {{\n    enabled = {"false" if n % 3 == 0 else "true"}\n  }}\n}}\n\n')
                i += 1
            elif kind == 1:
                cidr = "var.open_cidr" if n % 5 == 1 else '"10.0.0.0/8"'
                f.write(f'resource "aws_security_group" "sg{n}" {{\n  name = "sg-{n}"\n  ingress {{\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = [{cidr}]\n  }}\n  ingress {{\n    from_port   = 443\n    to_port     = 443\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }}\n}}\n\n')
                i += 1
            elif kind == 2:
                f.write(f'resource "aws_ebs_volume" "v{n}" {{\n  count             = 2\n  availability_zone = "eu-west-1a"\n  size              = {10 + n % 100}\n  encrypted         = {"false" if n % 5 == 2 else "true"}\n  tags              = merge(local.tags, {{ Name = format("vol-%d-%d", {n}, count.index) }})\n}}\n\n')
                i += 2
            else:
                action = '"*"' if n % 5 == 3 else '["s3:GetObject"]'
                f.write(f'resource "aws_iam_policy" "p{n}" {{\n  name   = "policy-{n}"\n  policy = jsonencode({{\n    Version = "2012-10-17"\n    Statement = [{{ Effect = "Allow", Action = {action}, Resource = "*" }}]\n  }})\n}}\n\n')
                i += 1


def kubernetes(path, start, count):
    with open(path, "w") as f:
        for i in range(count):
            n = start + i
            image = "nginx:latest" if n % 5 == 0 else "nginx:1.27.1"
            privileged = "true" if n % 7 == 0 else "false"
            f.write(f"""---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-{n}
  namespace: team-{n % 10}
spec:
  replicas: 2
  selector:
    matchLabels: {{app: app-{n}}}
  template:
    metadata:
      labels: {{app: app-{n}}}
    spec:
      securityContext:
        runAsNonRoot: true
      containers:
        - name: main
          image: {image}
          securityContext:
            privileged: {privileged}
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
          resources:
            limits: {{cpu: 100m, memory: 128Mi}}
""")


def cloudformation(path, start, count):
    with open(path, "w") as f:
        f.write('AWSTemplateFormatVersion: "2010-09-09"\nParameters:\n  Env:\n    Type: String\n    Default: prod\nResources:\n')
        for i in range(count):
            n = start + i
            if n % 2 == 0:
                f.write(f"  Bucket{n}:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub \"data-${{Env}}-{n}\"\n      AccessControl: {'PublicRead' if n % 5 == 0 else 'Private'}\n      VersioningConfiguration:\n        Status: Enabled\n")
            else:
                f.write(f"  Volume{n}:\n    Type: AWS::EC2::Volume\n    Properties:\n      AvailabilityZone: !Select [0, !GetAZs \"\"]\n      Size: 20\n      Encrypted: {'false' if n % 5 == 1 else 'true'}\n")


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: generate.py N OUT_DIR")
    total, out = int(sys.argv[1]), sys.argv[2]
    tf, k8s = total * 60 // 100, total * 25 // 100
    cfn = total - tf - k8s
    per_dir = 100
    for d in range(0, tf, per_dir):
        terraform(os.path.join(out, "terraform", f"stack{d // per_dir:03d}"), d, min(per_dir, tf - d))
    os.makedirs(os.path.join(out, "kubernetes"), exist_ok=True)
    for d in range(0, k8s, 50):
        kubernetes(os.path.join(out, "kubernetes", f"apps{d // 50:03d}.yaml"), d, min(50, k8s - d))
    os.makedirs(os.path.join(out, "cloudformation"), exist_ok=True)
    for d in range(0, cfn, 50):
        cloudformation(os.path.join(out, "cloudformation", f"stack{d // 50:03d}.yaml"), d, min(50, cfn - d))


if __name__ == "__main__":
    main()
