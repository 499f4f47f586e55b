//! The bundled rules: SigmaHQ's CloudTrail rules and the one placeholder rule, with their license (`data/sigma/`).

/// The Detection Rule License 1.1 text the rules come with.
pub const LICENSE: &str = include_str!("../../data/sigma/LICENSE.md");

/// Where the rules come from (commit, path, terms).
pub const SOURCES: &str = include_str!("../../data/sigma/SOURCES.md");

/// Each bundled rule: its path under `data/sigma/` and its text.
pub const RULES: &[(&str, &str)] = &[
    (
        "rules/aws_cloudtrail_bedrock_guardrail_deleted.yml",
        include_str!("../../data/sigma/rules/aws_cloudtrail_bedrock_guardrail_deleted.yml"),
    ),
    (
        "rules/aws_cloudtrail_bedrock_guardrail_updated.yml",
        include_str!("../../data/sigma/rules/aws_cloudtrail_bedrock_guardrail_updated.yml"),
    ),
    (
        "rules/aws_cloudtrail_bucket_deleted.yml",
        include_str!("../../data/sigma/rules/aws_cloudtrail_bucket_deleted.yml"),
    ),
    (
        "rules/aws_cloudtrail_console_login_failed_authentication.yml",
        include_str!("../../data/sigma/rules/aws_cloudtrail_console_login_failed_authentication.yml"),
    ),
    (
        "rules/aws_cloudtrail_console_login_success_without_mfa.yml",
        include_str!("../../data/sigma/rules/aws_cloudtrail_console_login_success_without_mfa.yml"),
    ),
    (
        "rules/aws_cloudtrail_disable_logging.yml",
        include_str!("../../data/sigma/rules/aws_cloudtrail_disable_logging.yml"),
    ),
    (
        "rules/aws_cloudtrail_guardduty_detector_deleted_or_updated.yml",
        include_str!("../../data/sigma/rules/aws_cloudtrail_guardduty_detector_deleted_or_updated.yml"),
    ),
    (
        "rules/aws_cloudtrail_imds_malicious_usage.yml",
        include_str!("../../data/sigma/rules/aws_cloudtrail_imds_malicious_usage.yml"),
    ),
    (
        "rules/aws_cloudtrail_new_acl_entries.yml",
        include_str!("../../data/sigma/rules/aws_cloudtrail_new_acl_entries.yml"),
    ),
    (
        "rules/aws_cloudtrail_new_route_added.yml",
        include_str!("../../data/sigma/rules/aws_cloudtrail_new_route_added.yml"),
    ),
    (
        "rules/aws_cloudtrail_pua_trufflehog.yml",
        include_str!("../../data/sigma/rules/aws_cloudtrail_pua_trufflehog.yml"),
    ),
    (
        "rules/aws_cloudtrail_region_enabled.yml",
        include_str!("../../data/sigma/rules/aws_cloudtrail_region_enabled.yml"),
    ),
    (
        "rules/aws_cloudtrail_security_group_change_ingress_egress.yml",
        include_str!("../../data/sigma/rules/aws_cloudtrail_security_group_change_ingress_egress.yml"),
    ),
    (
        "rules/aws_cloudtrail_security_group_change_loadbalancer.yml",
        include_str!("../../data/sigma/rules/aws_cloudtrail_security_group_change_loadbalancer.yml"),
    ),
    (
        "rules/aws_cloudtrail_security_group_change_rds.yml",
        include_str!("../../data/sigma/rules/aws_cloudtrail_security_group_change_rds.yml"),
    ),
    (
        "rules/aws_cloudtrail_ssm_malicious_usage.yml",
        include_str!("../../data/sigma/rules/aws_cloudtrail_ssm_malicious_usage.yml"),
    ),
    (
        "rules/aws_cloudtrail_vpc_flow_logs_deleted.yml",
        include_str!("../../data/sigma/rules/aws_cloudtrail_vpc_flow_logs_deleted.yml"),
    ),
    ("rules/aws_config_disable_recording.yml", include_str!("../../data/sigma/rules/aws_config_disable_recording.yml")),
    ("rules/aws_console_getsignintoken.yml", include_str!("../../data/sigma/rules/aws_console_getsignintoken.yml")),
    ("rules/aws_delete_identity.yml", include_str!("../../data/sigma/rules/aws_delete_identity.yml")),
    ("rules/aws_delete_saml_provider.yml", include_str!("../../data/sigma/rules/aws_delete_saml_provider.yml")),
    (
        "rules/aws_disable_bucket_versioning.yml",
        include_str!("../../data/sigma/rules/aws_disable_bucket_versioning.yml"),
    ),
    ("rules/aws_ec2_disable_encryption.yml", include_str!("../../data/sigma/rules/aws_ec2_disable_encryption.yml")),
    (
        "rules/aws_ec2_import_key_pair_activity.yml",
        include_str!("../../data/sigma/rules/aws_ec2_import_key_pair_activity.yml"),
    ),
    (
        "rules/aws_ec2_startup_script_change.yml",
        include_str!("../../data/sigma/rules/aws_ec2_startup_script_change.yml"),
    ),
    ("rules/aws_ec2_vm_export_failure.yml", include_str!("../../data/sigma/rules/aws_ec2_vm_export_failure.yml")),
    (
        "rules/aws_ecs_task_definition_cred_endpoint_query.yml",
        include_str!("../../data/sigma/rules/aws_ecs_task_definition_cred_endpoint_query.yml"),
    ),
    (
        "rules/aws_efs_fileshare_modified_or_deleted.yml",
        include_str!("../../data/sigma/rules/aws_efs_fileshare_modified_or_deleted.yml"),
    ),
    (
        "rules/aws_efs_fileshare_mount_modified_or_deleted.yml",
        include_str!("../../data/sigma/rules/aws_efs_fileshare_mount_modified_or_deleted.yml"),
    ),
    (
        "rules/aws_eks_cluster_created_or_deleted.yml",
        include_str!("../../data/sigma/rules/aws_eks_cluster_created_or_deleted.yml"),
    ),
    (
        "rules/aws_elasticache_security_group_created.yml",
        include_str!("../../data/sigma/rules/aws_elasticache_security_group_created.yml"),
    ),
    (
        "rules/aws_elasticache_security_group_modified_or_deleted.yml",
        include_str!("../../data/sigma/rules/aws_elasticache_security_group_modified_or_deleted.yml"),
    ),
    ("rules/aws_enum_buckets.yml", include_str!("../../data/sigma/rules/aws_enum_buckets.yml")),
    ("rules/aws_guardduty_disruption.yml", include_str!("../../data/sigma/rules/aws_guardduty_disruption.yml")),
    ("rules/aws_iam_backdoor_users_keys.yml", include_str!("../../data/sigma/rules/aws_iam_backdoor_users_keys.yml")),
    (
        "rules/aws_iam_s3browser_loginprofile_creation.yml",
        include_str!("../../data/sigma/rules/aws_iam_s3browser_loginprofile_creation.yml"),
    ),
    (
        "rules/aws_iam_s3browser_templated_s3_bucket_policy_creation.yml",
        include_str!("../../data/sigma/rules/aws_iam_s3browser_templated_s3_bucket_policy_creation.yml"),
    ),
    (
        "rules/aws_iam_s3browser_user_or_accesskey_creation.yml",
        include_str!("../../data/sigma/rules/aws_iam_s3browser_user_or_accesskey_creation.yml"),
    ),
    ("rules/aws_kms_import_key_material.yml", include_str!("../../data/sigma/rules/aws_kms_import_key_material.yml")),
    ("rules/aws_lambda_function_url.yml", include_str!("../../data/sigma/rules/aws_lambda_function_url.yml")),
    (
        "rules/aws_new_lambda_layer_attached.yml",
        include_str!("../../data/sigma/rules/aws_new_lambda_layer_attached.yml"),
    ),
    (
        "rules/aws_passed_role_to_glue_development_endpoint.yml",
        include_str!("../../data/sigma/rules/aws_passed_role_to_glue_development_endpoint.yml"),
    ),
    (
        "rules/aws_rds_change_master_password.yml",
        include_str!("../../data/sigma/rules/aws_rds_change_master_password.yml"),
    ),
    ("rules/aws_rds_dbcluster_actions.yml", include_str!("../../data/sigma/rules/aws_rds_dbcluster_actions.yml")),
    ("rules/aws_rds_public_db_restore.yml", include_str!("../../data/sigma/rules/aws_rds_public_db_restore.yml")),
    ("rules/aws_root_account_usage.yml", include_str!("../../data/sigma/rules/aws_root_account_usage.yml")),
    (
        "rules/aws_route_53_domain_transferred_lock_disabled.yml",
        include_str!("../../data/sigma/rules/aws_route_53_domain_transferred_lock_disabled.yml"),
    ),
    (
        "rules/aws_route_53_domain_transferred_to_another_account.yml",
        include_str!("../../data/sigma/rules/aws_route_53_domain_transferred_to_another_account.yml"),
    ),
    (
        "rules/aws_s3_data_management_tampering.yml",
        include_str!("../../data/sigma/rules/aws_s3_data_management_tampering.yml"),
    ),
    (
        "rules/aws_securityhub_finding_evasion.yml",
        include_str!("../../data/sigma/rules/aws_securityhub_finding_evasion.yml"),
    ),
    (
        "rules/aws_snapshot_backup_exfiltration.yml",
        include_str!("../../data/sigma/rules/aws_snapshot_backup_exfiltration.yml"),
    ),
    ("rules/aws_sso_idp_change.yml", include_str!("../../data/sigma/rules/aws_sso_idp_change.yml")),
    ("rules/aws_sts_assumerole_misuse.yml", include_str!("../../data/sigma/rules/aws_sts_assumerole_misuse.yml")),
    (
        "rules/aws_sts_getcalleridentity_trufflehog.yml",
        include_str!("../../data/sigma/rules/aws_sts_getcalleridentity_trufflehog.yml"),
    ),
    (
        "rules/aws_sts_getsessiontoken_misuse.yml",
        include_str!("../../data/sigma/rules/aws_sts_getsessiontoken_misuse.yml"),
    ),
    ("rules/aws_susp_saml_activity.yml", include_str!("../../data/sigma/rules/aws_susp_saml_activity.yml")),
    ("rules/aws_update_login_profile.yml", include_str!("../../data/sigma/rules/aws_update_login_profile.yml")),
    (
        "rules-placeholder/aws_cloudtrail_console_login_success_from_susp_locations.yml",
        include_str!("../../data/sigma/rules-placeholder/aws_cloudtrail_console_login_success_from_susp_locations.yml"),
    ),
];
