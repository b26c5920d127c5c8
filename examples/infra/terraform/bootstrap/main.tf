# One-time setup, applied by hand with admin credentials: the versioned, encrypted S3 bucket
# that holds every datastore's state (locking with S3 native lock files, no DynamoDB), GitHub's
# OIDC provider, and two roles GitHub Actions assumes through it:
#   plan  (read-only): trusted only for pull_request runs of this repository;
#   apply (writes):    trusted only for jobs of the protected apply environment.

terraform {
  # 1.11.1: the datastore modules use write-only arguments, which 1.11.0 fails on
  # (hashicorp/terraform#36603).
  required_version = ">= 1.11.1"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0"
    }
  }
}

variable "region" {
  type        = string
  description = "AWS region of the state bucket"
}

variable "state_bucket" {
  type        = string
  description = "Name of the S3 bucket for Terraform state (globally unique)"
}

variable "github_repository" {
  type        = string
  description = "owner/name of this Terraform repository on GitHub"
}

variable "apply_environment" {
  type        = string
  default     = "production"
  description = "GitHub environment of the apply job (protect it: required reviewers, deployment branch main)"
}

variable "datastore_regions" {
  type        = list(string)
  default     = []
  description = "AWS regions the datastores live in (the datastores.environments.<env>.aws.region values); empty means var.region"
}

variable "kms_key_arn" {
  type        = string
  default     = null
  description = "Customer managed KMS key the datastores are encrypted with (datastores.environments.<env>.aws.kmsKeyId); null when they use the AWS managed keys"
}

provider "aws" {
  region = var.region
}

locals {
  # arn:<partition>:iam::<account>:oidc-provider/...: this account, without an extra data source.
  partition = split(":", aws_iam_openid_connect_provider.github.arn)[1]
  account   = split(":", aws_iam_openid_connect_provider.github.arn)[4]
  regions   = length(var.datastore_regions) > 0 ? var.datastore_regions : [var.region]

  state_objects = "${aws_s3_bucket.state.arn}/datastores/*"
  lock_files    = "${aws_s3_bucket.state.arn}/datastores/*.tflock"
  db_instances  = [for r in local.regions : "arn:${local.partition}:rds:${r}:${local.account}:db:*"]
  secrets       = [for r in local.regions : "arn:${local.partition}:secretsmanager:${r}:${local.account}:secret:datastores/*"]
}

resource "aws_s3_bucket" "state" {
  bucket = var.state_bucket

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "state" {
  bucket = aws_s3_bucket.state.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "state" {
  bucket                  = aws_s3_bucket.state.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# One per account and URL: if the account has it already, import it instead of creating it.
resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

# ---------------------------------------------------------------------------------------------
# Plan role: pull requests only. It reads the state and writes only lock files; it cannot read
# secret values (no secretsmanager:GetSecretValue), so plans run with -refresh=false.

data "aws_iam_policy_document" "plan_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.github.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:${var.github_repository}:pull_request"]
    }
  }
}

resource "aws_iam_role" "plan" {
  name               = "datastores-terraform-plan"
  description        = "terraform plan of pull requests in ${var.github_repository} (read-only)"
  assume_role_policy = data.aws_iam_policy_document.plan_trust.json
}

data "aws_iam_policy_document" "plan" {
  statement {
    sid       = "StateList"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.state.arn]
  }
  statement {
    sid       = "StateRead"
    actions   = ["s3:GetObject"]
    resources = [local.state_objects]
  }
  statement {
    sid       = "LockFiles"
    actions   = ["s3:PutObject", "s3:DeleteObject"]
    resources = [local.lock_files]
  }
  statement {
    sid       = "DescribeDatabases"
    actions   = ["rds:DescribeDBInstances", "rds:ListTagsForResource"]
    resources = local.db_instances
  }
  statement {
    sid       = "DescribeSecrets"
    actions   = ["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy", "secretsmanager:ListSecretVersionIds"]
    resources = local.secrets
  }
}

resource "aws_iam_role_policy" "plan" {
  name   = "datastores-plan"
  role   = aws_iam_role.plan.id
  policy = data.aws_iam_policy_document.plan.json
}

data "aws_iam_policy_document" "plan_kms" {
  count = var.kms_key_arn == null ? 0 : 1
  statement {
    actions   = ["kms:DescribeKey"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role_policy" "plan_kms" {
  count  = var.kms_key_arn == null ? 0 : 1
  name   = "datastores-plan-kms"
  role   = aws_iam_role.plan.id
  policy = data.aws_iam_policy_document.plan_kms[0].json
}

# ---------------------------------------------------------------------------------------------
# Apply role: only jobs that declare the apply environment (its reviewers and branch rule gate
# every assumption). It creates, changes and deletes the datastores and their secrets.

data "aws_iam_policy_document" "apply_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.github.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:${var.github_repository}:environment:${var.apply_environment}"]
    }
  }
}

resource "aws_iam_role" "apply" {
  name               = "datastores-terraform-apply"
  description        = "terraform apply of ${var.github_repository} on main (environment ${var.apply_environment})"
  assume_role_policy = data.aws_iam_policy_document.apply_trust.json
}

data "aws_iam_policy_document" "apply" {
  statement {
    sid       = "StateList"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.state.arn]
  }
  statement {
    sid       = "StateReadWrite"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = [local.state_objects]
  }
  statement {
    sid       = "LockFiles"
    actions   = ["s3:DeleteObject"]
    resources = [local.lock_files]
  }
  statement {
    sid = "Databases"
    actions = [
      "rds:CreateDBInstance",
      "rds:ModifyDBInstance",
      "rds:DeleteDBInstance",
      "rds:DescribeDBInstances",
      "rds:AddTagsToResource",
      "rds:RemoveTagsFromResource",
      "rds:ListTagsForResource",
    ]
    resources = local.db_instances
  }
  # CreateDBInstance is also authorized on the subnet, parameter and option groups it uses.
  statement {
    sid     = "DatabaseDependencies"
    actions = ["rds:CreateDBInstance"]
    resources = flatten([for r in local.regions : [
      "arn:${local.partition}:rds:${r}:${local.account}:subgrp:*",
      "arn:${local.partition}:rds:${r}:${local.account}:pg:*",
      "arn:${local.partition}:rds:${r}:${local.account}:og:*",
    ]])
  }
  # The final snapshot a deletion takes (skip_final_snapshot = false): `<identifier>-final`, or
  # `<identifier>-final-<yyyymmdd>` when a decommission named it.
  statement {
    sid     = "FinalSnapshots"
    actions = ["rds:CreateDBSnapshot", "rds:DescribeDBSnapshots", "rds:AddTagsToResource"]
    resources = flatten([for r in local.regions : [
      "arn:${local.partition}:rds:${r}:${local.account}:snapshot:*-final",
      "arn:${local.partition}:rds:${r}:${local.account}:snapshot:*-final-*",
    ]])
  }
  statement {
    sid = "ConnectionSecrets"
    actions = [
      "secretsmanager:CreateSecret",
      "secretsmanager:DeleteSecret",
      "secretsmanager:DescribeSecret",
      "secretsmanager:GetResourcePolicy",
      "secretsmanager:GetSecretValue", # refresh of aws_secretsmanager_secret_version reads it
      "secretsmanager:ListSecretVersionIds",
      "secretsmanager:PutSecretValue",
      "secretsmanager:UpdateSecret",
      "secretsmanager:UpdateSecretVersionStage",
      "secretsmanager:TagResource",
      "secretsmanager:UntagResource",
    ]
    resources = local.secrets
  }
}

resource "aws_iam_role_policy" "apply" {
  name   = "datastores-apply"
  role   = aws_iam_role.apply.id
  policy = data.aws_iam_policy_document.apply.json
}

# Creating an RDS instance or a secret encrypted with a customer managed key needs these on the
# key, through RDS and Secrets Manager only.
data "aws_iam_policy_document" "apply_kms" {
  count = var.kms_key_arn == null ? 0 : 1
  statement {
    actions   = ["kms:DescribeKey"]
    resources = [var.kms_key_arn]
  }
  statement {
    actions   = ["kms:CreateGrant", "kms:GenerateDataKey*", "kms:Decrypt"]
    resources = [var.kms_key_arn]
    condition {
      test     = "StringLike"
      variable = "kms:ViaService"
      values   = ["rds.*.amazonaws.com", "secretsmanager.*.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "apply_kms" {
  count  = var.kms_key_arn == null ? 0 : 1
  name   = "datastores-apply-kms"
  role   = aws_iam_role.apply.id
  policy = data.aws_iam_policy_document.apply_kms[0].json
}

output "plan_role_arn" {
  description = "Set as the AWS_PLAN_ROLE_ARN variable of the GitHub repository"
  value       = aws_iam_role.plan.arn
}

output "apply_role_arn" {
  description = "Set as the AWS_APPLY_ROLE_ARN variable of the GitHub repository"
  value       = aws_iam_role.apply.arn
}

output "state_bucket" {
  description = "Set as the TF_STATE_BUCKET variable of the GitHub repository"
  value       = aws_s3_bucket.state.bucket
}
