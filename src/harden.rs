//! Process hardening done first thing at start.
//!
//! An unlocked session holds decrypted answers and the journal's key in
//! memory; a crash must not write them to a core file, and another process
//! of the same user must not read them through ptrace or /proc/PID/mem.
//!
//! On Windows the crash report (Windows Error Reporting) is what could carry
//! memory to disk: it is told to leave the heap out and not to run for this
//! process at all. What remains there is said in the README ("On Windows"):
//! a debugger or a process dump taken by the same user or an administrator
//! (Task Manager's "Create dump file") still sees memory, and an
//! administrator's machine-wide `LocalDumps` setting can still ask for a
//! full dump.

/// No core dumps, and (on Linux) not dumpable, so not attachable either;
/// on Windows, no crash report with memory in it. Best effort: a failure
/// here is no reason to refuse to start.
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
    #[cfg(windows)]
    windows::no_crash_reports();
}

#[cfg(windows)]
mod windows {
    use windows_sys::Win32::System::Diagnostics::Debug::{
        SEM_FAILCRITICALERRORS, SEM_NOGPFAULTERRORBOX, SEM_NOOPENFILEERRORBOX, SetErrorMode,
    };
    use windows_sys::Win32::System::ErrorReporting::{
        WER_FAULT_REPORTING_FLAG_NOHEAP, WerSetFlags,
    };

    /// The error mode set: no crash dialog and no Error Reporting run for a
    /// crash, no "insert a disk" prompts.
    pub const ERROR_MODE: u32 =
        SEM_NOGPFAULTERRORBOX | SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX;

    pub fn no_crash_reports() {
        // SAFETY: both take plain flags and only change this process's settings.
        unsafe {
            let old = SetErrorMode(ERROR_MODE);
            SetErrorMode(old | ERROR_MODE);
            // If a report is made anyway (a fail-fast abort bypasses the
            // error mode), it holds no heap: no answers, no key.
            WerSetFlags(WER_FAULT_REPORTING_FLAG_NOHEAP);
        }
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

    #[test]
    #[cfg(windows)]
    fn after_it_a_crash_opens_no_error_report_and_a_report_holds_no_heap() {
        use windows_sys::Win32::System::Diagnostics::Debug::GetErrorMode;
        use windows_sys::Win32::System::ErrorReporting::{
            WER_FAULT_REPORTING_FLAG_NOHEAP, WerGetFlags,
        };
        use windows_sys::Win32::System::Threading::GetCurrentProcess;
        super::no_core_dumps();
        // SAFETY: reads this process's own settings.
        let mode = unsafe { GetErrorMode() };
        assert_eq!(
            mode & super::windows::ERROR_MODE,
            super::windows::ERROR_MODE
        );
        let mut flags = 0u32;
        // SAFETY: the pseudo-handle of this process and a valid out pointer.
        let hr = unsafe { WerGetFlags(GetCurrentProcess(), &mut flags) };
        // Wine (where CI runs this) has no Error Reporting: E_NOTIMPL, and
        // nothing there to write a report. On Windows the flag must be set.
        const E_NOTIMPL: i32 = 0x8000_4001_u32 as i32;
        if hr != E_NOTIMPL {
            assert_eq!(hr, 0, "WerGetFlags failed: {hr:#x}");
            assert_ne!(flags & WER_FAULT_REPORTING_FLAG_NOHEAP, 0);
        }
    }
}
