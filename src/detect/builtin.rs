//! The bundled rules: SigmaHQ's CloudTrail rules and the one placeholder rule, with their license (`data/sigma/`).

/// The Detection Rule License 1.1 text the rules come with.
pub const LICENSE: &str = include_str!("../../data/sigma/LICENSE.md");

/// Where the rules come from (commit, path, terms).
pub const SOURCES: &str = include_str!("../../data/sigma/SOURCES.md");

/// A bundled rule by its path under `data/sigma/`: the path and the text, named once.
macro_rules! rule {
    ($path:literal) => {
        ($path, include_str!(concat!("../../data/sigma/", $path)))
    };
}

/// Each bundled rule: its path under `data/sigma/` and its text.
pub const RULES: &[(&str, &str)] = &[
    rule!("rules/aws_cloudtrail_bedrock_guardrail_deleted.yml"),
    rule!("rules/aws_cloudtrail_bedrock_guardrail_updated.yml"),
    rule!("rules/aws_cloudtrail_bucket_deleted.yml"),
    rule!("rules/aws_cloudtrail_console_login_failed_authentication.yml"),
    rule!("rules/aws_cloudtrail_console_login_success_without_mfa.yml"),
    rule!("rules/aws_cloudtrail_disable_logging.yml"),
    rule!("rules/aws_cloudtrail_guardduty_detector_deleted_or_updated.yml"),
    rule!("rules/aws_cloudtrail_imds_malicious_usage.yml"),
    rule!("rules/aws_cloudtrail_new_acl_entries.yml"),
    rule!("rules/aws_cloudtrail_new_route_added.yml"),
    rule!("rules/aws_cloudtrail_pua_trufflehog.yml"),
    rule!("rules/aws_cloudtrail_region_enabled.yml"),
    rule!("rules/aws_cloudtrail_security_group_change_ingress_egress.yml"),
    rule!("rules/aws_cloudtrail_security_group_change_loadbalancer.yml"),
    rule!("rules/aws_cloudtrail_security_group_change_rds.yml"),
    rule!("rules/aws_cloudtrail_ssm_malicious_usage.yml"),
    rule!("rules/aws_cloudtrail_vpc_flow_logs_deleted.yml"),
    rule!("rules/aws_config_disable_recording.yml"),
    rule!("rules/aws_console_getsignintoken.yml"),
    rule!("rules/aws_delete_identity.yml"),
    rule!("rules/aws_delete_saml_provider.yml"),
    rule!("rules/aws_disable_bucket_versioning.yml"),
    rule!("rules/aws_ec2_disable_encryption.yml"),
    rule!("rules/aws_ec2_import_key_pair_activity.yml"),
    rule!("rules/aws_ec2_startup_script_change.yml"),
    rule!("rules/aws_ec2_vm_export_failure.yml"),
    rule!("rules/aws_ecs_task_definition_cred_endpoint_query.yml"),
    rule!("rules/aws_efs_fileshare_modified_or_deleted.yml"),
    rule!("rules/aws_efs_fileshare_mount_modified_or_deleted.yml"),
    rule!("rules/aws_eks_cluster_created_or_deleted.yml"),
    rule!("rules/aws_elasticache_security_group_created.yml"),
    rule!("rules/aws_elasticache_security_group_modified_or_deleted.yml"),
    rule!("rules/aws_enum_buckets.yml"),
    rule!("rules/aws_guardduty_disruption.yml"),
    rule!("rules/aws_iam_backdoor_users_keys.yml"),
    rule!("rules/aws_iam_s3browser_loginprofile_creation.yml"),
    rule!("rules/aws_iam_s3browser_templated_s3_bucket_policy_creation.yml"),
    rule!("rules/aws_iam_s3browser_user_or_accesskey_creation.yml"),
    rule!("rules/aws_kms_import_key_material.yml"),
    rule!("rules/aws_lambda_function_url.yml"),
    rule!("rules/aws_new_lambda_layer_attached.yml"),
    rule!("rules/aws_passed_role_to_glue_development_endpoint.yml"),
    rule!("rules/aws_rds_change_master_password.yml"),
    rule!("rules/aws_rds_dbcluster_actions.yml"),
    rule!("rules/aws_rds_public_db_restore.yml"),
    rule!("rules/aws_root_account_usage.yml"),
    rule!("rules/aws_route_53_domain_transferred_lock_disabled.yml"),
    rule!("rules/aws_route_53_domain_transferred_to_another_account.yml"),
    rule!("rules/aws_s3_data_management_tampering.yml"),
    rule!("rules/aws_securityhub_finding_evasion.yml"),
    rule!("rules/aws_snapshot_backup_exfiltration.yml"),
    rule!("rules/aws_sso_idp_change.yml"),
    rule!("rules/aws_sts_assumerole_misuse.yml"),
    rule!("rules/aws_sts_getcalleridentity_trufflehog.yml"),
    rule!("rules/aws_sts_getsessiontoken_misuse.yml"),
    rule!("rules/aws_susp_saml_activity.yml"),
    rule!("rules/aws_update_login_profile.yml"),
    rule!("rules-placeholder/aws_cloudtrail_console_login_success_from_susp_locations.yml"),
];
