//! Process hardening done first thing at start.
//!
//! An unlocked session holds decrypted answers and the journal's key in
//! memory; a crash must not write them to a core file, and another process
//! of the same user must not read them through ptrace or /proc/PID/mem.

/// No core dumps, and (on Linux) not dumpable, so not attachable either.
/// Best effort: a failure here is no reason to refuse to start.
pub fn no_core_dumps() {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, Rlimit, setrlimit};
        let zero = Rlimit {
            current: Some(0),
            maximum: Some(0),
        };
        let _ = setrlimit(Resource::Core, zero);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{DumpableBehavior, set_dumpable_behavior};
        let _ = set_dumpable_behavior(DumpableBehavior::NotDumpable);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(target_os = "linux")]
    fn after_it_the_process_is_not_dumpable_and_has_no_core_limit() {
        use rustix::process::{DumpableBehavior, Resource, dumpable_behavior, getrlimit};
        super::no_core_dumps();
        assert_eq!(
            dumpable_behavior().ok(),
            Some(DumpableBehavior::NotDumpable)
        );
        let core = getrlimit(Resource::Core);
        assert_eq!((core.current, core.maximum), (Some(0), Some(0)));
    }
}
