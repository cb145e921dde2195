//! CLS: the security level of every interface (JR/T 0185-2020 chapter 6): declared, valid in
//! the configured scheme, and not lower than what the interface does.

pub mod a1_carries_personal_information;
pub mod a1_not_read_only;
pub mod missing_security_level;
pub mod understated_security_level;
pub mod unknown_security_level;
