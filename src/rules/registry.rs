//! Every implemented rule. A catalogue entry whose code is not here must be `status =
//! "planned"`; a test holds the two in step.

use super::Rule;
use super::{deps, id, keys, level, lifecycle, logging, meta, resilience, spec};

pub static RULES: &[&dyn Rule] = &[
    &spec::unparsable_spec::UnparsableSpec,
    &spec::unresolved_ref::UnresolvedRef,
    &spec::ref_cycle::RefCycle,
    &spec::invalid_spec_structure::InvalidSpecStructure,
    &id::missing_interface_id::MissingInterfaceId,
    &id::malformed_interface_id::MalformedInterfaceId,
    &id::duplicate_interface_id::DuplicateInterfaceId,
    &id::interface_id_level_mismatch::InterfaceIdLevelMismatch,
    &id::interface_id_institution_mismatch::InterfaceIdInstitutionMismatch,
    &level::missing_security_level::MissingSecurityLevel,
    &level::unknown_security_level::UnknownSecurityLevel,
    &logging::log_retention_too_short::LogRetentionTooShort,
    &logging::transaction_log_retention_too_short::TransactionLogRetentionTooShort,
    &logging::size_bounded_log_retention::SizeBoundedLogRetention,
    &lifecycle::deprecation_without_sunset::DeprecationWithoutSunset,
    &lifecycle::published_after_sunset::PublishedAfterSunset,
    &lifecycle::deprecated_permission_not_revoked::DeprecatedPermissionNotRevoked,
    &lifecycle::orphaned_route_or_grant::OrphanedRouteOrGrant,
    &resilience::shared_flow_control_policy::SharedFlowControlPolicy,
    &meta::unreadable_file::UnreadableFile,
    &meta::unjustified_suppression::UnjustifiedSuppression,
    &deps::vulnerable_component::VulnerableComponent,
    &deps::components_not_checked::ComponentsNotChecked,
    &keys::private_key_material::PrivateKeyMaterial,
    &keys::key_store_file::KeyStoreFile,
    &keys::hard_coded_secret::HardCodedSecret,
    &keys::vendor_credential::VendorCredential,
    &keys::weak_cryptography::WeakCryptography,
    &keys::weak_tls::WeakTls,
];
