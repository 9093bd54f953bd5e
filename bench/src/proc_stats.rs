//! What a process costs, read from Linux's `/proc`: CPU time (user + system, every thread,
//! living or exited) from `/proc/{pid}/stat`, peak resident memory from the `VmHWM` line of
//! `/proc/self/status`. Reading `/proc` needs no `unsafe` code and no extra crate.

use std::fs;
use std::io;

/// Clock ticks per second of the CPU times in `/proc/{pid}/stat` (`USER_HZ`, which Linux
/// fixes at 100 for user space on every architecture it reports ticks for).
const TICKS_PER_SECOND: f64 = 100.0;

/// The CPU time (user + system) a process has used so far, in milliseconds. Its resolution
/// is one clock tick, 10 ms.
pub fn cpu_ms(pid: u32) -> io::Result<f64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat"))?;
    parse_cpu_ms(&stat).ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("/proc/{pid}/stat: no utime and stime fields in {stat:?}"),
        )
    })
}

/// The CPU time this process has used so far, in milliseconds.
pub fn own_cpu_ms() -> io::Result<f64> {
    cpu_ms(std::process::id())
}

/// This process's peak resident memory so far (`VmHWM`), in KiB.
pub fn own_peak_rss_kib() -> io::Result<u64> {
    status_kib("/proc/self/status", "VmHWM")
}

/// A process's resident memory now (`VmRSS`), in KiB.
pub fn rss_kib(pid: u32) -> io::Result<u64> {
    status_kib(&format!("/proc/{pid}/status"), "VmRSS")
}

fn status_kib(path: &str, field: &str) -> io::Result<u64> {
    let status = fs::read_to_string(path)?;
    parse_status_kib(&status, field).ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{path}: no `{field}: N kB` line"),
        )
    })
}

/// `utime + stime` of a `/proc/{pid}/stat` line, in milliseconds. The command name (field 2)
/// is in parentheses and may hold spaces or parentheses itself, so fields are counted from
/// the last `)`: `utime` and `stime` are fields 14 and 15 of the line.
pub fn parse_cpu_ms(stat: &str) -> Option<f64> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    let mut fields = after_name.split_whitespace().skip(11); // fields 3..=13
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some((utime + stime) as f64 * 1000.0 / TICKS_PER_SECOND)
}

/// The value of a `Name:   1234 kB` line of `/proc/{pid}/status`, in KiB.
pub fn parse_status_kib(status: &str, field: &str) -> Option<u64> {
    status.lines().find_map(|line| {
        let value = line.strip_prefix(field)?.strip_prefix(':')?;
        value.trim().strip_suffix("kB")?.trim().parse().ok()
    })
}

/// The CPU model as `/proc/cpuinfo` names it, if it does.
pub fn cpu_model() -> Option<String> {
    let info = fs::read_to_string("/proc/cpuinfo").ok()?;
    info.lines()
        .find_map(|l| l.strip_prefix("model name")?.split_once(':'))
        .map(|(_, model)| model.trim().to_owned())
}

/// The 1-minute load average, if `/proc/loadavg` gives it.
pub fn load_average() -> Option<f64> {
    fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_time_is_read_after_the_command_name() {
        // A name with a space and a parenthesis must not shift the fields.
        let stat = "4242 (my (odd) bin) S 1 4242 4242 0 -1 4194560 123 0 0 0 150 25 0 0 20 0 1 0";
        assert_eq!(parse_cpu_ms(stat), Some(1750.0));
        assert_eq!(parse_cpu_ms("4242 (truncated) S 1 2"), None);
        assert_eq!(parse_cpu_ms("no name at all"), None);
    }

    #[test]
    fn status_lines_are_read_in_kib() {
        let status =
            "Name:\tunipile-bench\nVmPeak:\t  20000 kB\nVmHWM:\t    8188 kB\nVmRSS:\t    7000 kB\n";
        assert_eq!(parse_status_kib(status, "VmHWM"), Some(8188));
        assert_eq!(parse_status_kib(status, "VmRSS"), Some(7000));
        assert_eq!(parse_status_kib(status, "VmSwap"), None);
    }

    #[test]
    fn this_process_can_be_measured() {
        assert!(own_cpu_ms().is_ok_and(|ms| ms >= 0.0));
        assert!(own_peak_rss_kib().is_ok_and(|kib| kib > 0));
    }
}
