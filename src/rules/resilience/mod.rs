//! RES: resilience. Flow control and fault isolation per security level: banks' self-inspections
//! asked for A2 interfaces to have their own, stricter policies than A1 ones.

pub mod a2_without_rate_limit;
pub mod shared_flow_control_policy;
