//! Medians, ratios and goals, and the table the benchmark prints.

use std::fmt::Write as _;

use crate::clients::Sample;
use crate::stream_floor::FloorSample;

/// The median of `values`; the mean of the two middle ones for an even count. `None` when
/// there are none.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// The runs of one client, and the server's CPU time during each.
#[derive(Clone, Debug, Default)]
pub struct ClientRuns {
    /// The client's name in the table.
    pub name: String,
    /// What each run printed.
    pub samples: Vec<Sample>,
    /// The server's CPU time during each run, in milliseconds.
    pub server_cpu_ms: Vec<f64>,
}

/// The medians of one client's runs.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Medians {
    /// Wall time, ms.
    pub wall_ms: f64,
    /// CPU time, ms.
    pub cpu_ms: f64,
    /// Peak resident memory, KiB.
    pub peak_rss_kib: f64,
    /// The server's CPU time during a run, ms.
    pub server_cpu_ms: f64,
}

impl ClientRuns {
    /// A client with no runs yet.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// The medians of its runs (`None` without runs).
    pub fn medians(&self) -> Option<Medians> {
        let of = |f: fn(&Sample) -> f64| median(&self.samples.iter().map(f).collect::<Vec<_>>());
        Some(Medians {
            wall_ms: of(|s| s.wall_ms)?,
            cpu_ms: of(|s| s.cpu_ms)?,
            peak_rss_kib: of(|s| s.peak_rss_kib as f64)?,
            server_cpu_ms: median(&self.server_cpu_ms).unwrap_or(0.0),
        })
    }
}

/// A goal: a measured ratio that must not exceed a bound.
#[derive(Clone, PartialEq, Debug)]
pub struct Goal {
    /// What it asks, in words.
    pub name: &'static str,
    /// The ratio measured.
    pub ratio: f64,
    /// The largest ratio that meets it.
    pub at_most: f64,
}

impl Goal {
    /// Whether the measured ratio is within the bound.
    pub fn met(&self) -> bool {
        self.ratio <= self.at_most
    }
}

/// The three goals of the benchmark, from the medians of the SDK and the Node SDK at the
/// smaller history, and the SDK's median peak at the larger one (`None` if not measured).
pub fn goals(sdk: &Medians, node: &Medians, sdk_large_peak_kib: Option<f64>) -> Vec<Goal> {
    let mut goals = vec![
        Goal {
            name: "SDK wall time at most 1/5 of the Node SDK's",
            ratio: sdk.wall_ms / node.wall_ms,
            at_most: 0.2,
        },
        Goal {
            name: "SDK peak memory at most 1/10 of the Node SDK's",
            ratio: sdk.peak_rss_kib / node.peak_rss_kib,
            at_most: 0.1,
        },
    ];
    if let Some(large) = sdk_large_peak_kib {
        goals.push(Goal {
            name: "SDK peak memory flat (within 10%) from the smaller history to the larger",
            ratio: large / sdk.peak_rss_kib,
            at_most: 1.1,
        });
    }
    goals
}

/// The server's share of the CPU time of an exchange: its own CPU time over its own and the
/// client's. The two take turns (the client waits while a page is rendered, the server
/// while it is decoded), so on idle cores this is also the share of the wall time spent in
/// the fake.
pub fn server_share(m: &Medians) -> f64 {
    m.server_cpu_ms / (m.server_cpu_ms + m.cpu_ms)
}

/// The table of medians, one line per client, with the server's CPU time during its runs
/// and its [`server_share`].
pub fn table(clients: &[&ClientRuns]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<22} {:>5} {:>10} {:>10} {:>14} {:>14} {:>13}",
        "client", "runs", "wall ms", "CPU ms", "peak RSS KiB", "server CPU ms", "server share"
    );
    for client in clients {
        let Some(m) = client.medians() else { continue };
        let _ = writeln!(
            out,
            "{:<22} {:>5} {:>10.0} {:>10.0} {:>14.0} {:>14.0} {:>12.0}%",
            client.name,
            client.samples.len(),
            m.wall_ms,
            m.cpu_ms,
            m.peak_rss_kib,
            m.server_cpu_ms,
            100.0 * server_share(&m)
        );
    }
    out
}

/// Reads one figure of a client's medians.
type MedianOf = fn(&Medians) -> f64;

/// The ratios of the SDK's medians to another client's.
pub fn ratios(sdk: &Medians, others: &[(&str, &Medians)]) -> String {
    let mut out = String::new();
    let _ = write!(out, "{:<22}", "ratio");
    for (name, _) in others {
        let _ = write!(out, " {:>14}", format!("SDK/{name}"));
    }
    out.push('\n');
    let rows: [(&str, MedianOf); 3] = [
        ("wall", |m| m.wall_ms),
        ("CPU", |m| m.cpu_ms),
        ("peak RSS", |m| m.peak_rss_kib),
    ];
    for (row, value) in rows {
        let _ = write!(out, "{row:<22}");
        for (_, other) in others {
            let _ = write!(out, " {:>14.3}", value(sdk) / value(other));
        }
        out.push('\n');
    }
    out
}

/// One line per goal: the bound, the ratio measured and whether it is met.
pub fn goal_lines(goals: &[Goal]) -> String {
    let mut out = String::new();
    for goal in goals {
        let _ = writeln!(
            out,
            "{:<76} {:>6.3} (at most {:.2})  {}",
            goal.name,
            goal.ratio,
            goal.at_most,
            if goal.met() { "met" } else { "MISSED" }
        );
    }
    out
}

/// The SDK's floor on one thread, against its own walk and the wall-time goal's bound
/// (a fifth of the Node SDK's wall time).
pub fn floor_lines(floor: &FloorSample, sdk: &Medians, node: &Medians) -> String {
    let bound = 0.2 * node.wall_ms;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "The SDK's floor on one thread: decoding the {} pages and dropping their messages takes \
         {:.0} ms, and the client's own CPU in a bare exchange of the same pages (reqwest, \
         nothing decoded; {:.0} ms wall) {:.0} ms: {:.0} ms together, {:.3} of the Node SDK's \
         wall time. The SDK's walk takes {:.0} ms, {:.0} ms over that floor; the wall-time \
         goal asks at most {:.0} ms.",
        floor.pages,
        floor.decode_ms,
        floor.exchange_wall_ms,
        floor.exchange_cpu_ms,
        floor.floor_ms(),
        floor.floor_ms() / node.wall_ms,
        sdk.wall_ms,
        sdk.wall_ms - floor.floor_ms(),
        bound,
    );
    if floor.floor_ms() > bound {
        let _ = writeln!(
            out,
            "The floor alone is over the bound: no walk on one thread can meet the goal \
             without decoding faster."
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_floor_is_compared_with_the_walk_and_the_bound() {
        let floor = FloorSample {
            items: 100_000,
            pages: 400,
            exchange_wall_ms: 25.0,
            exchange_cpu_ms: 20.0,
            decode_ms: 150.0,
        };
        let text = floor_lines(
            &floor,
            &medians(190.0, 10_000.0),
            &medians(800.0, 140_000.0),
        );
        assert!(
            text.contains("170 ms together, 0.212 of the Node SDK's"),
            "{text}"
        );
        assert!(text.contains("190 ms, 20 ms over that floor"), "{text}");
        assert!(text.contains("at most 160 ms"), "{text}");
        assert!(
            text.contains("no walk on one thread can meet the goal"),
            "{text}"
        );
        let text = floor_lines(
            &floor,
            &medians(190.0, 10_000.0),
            &medians(900.0, 140_000.0),
        );
        assert!(!text.contains("no walk on one thread"), "{text}");
    }

    fn sample(wall_ms: f64, cpu_ms: f64, peak_rss_kib: u64) -> Sample {
        Sample {
            items: 1000,
            pages: 4,
            wall_ms,
            cpu_ms,
            peak_rss_kib,
        }
    }

    fn medians(wall_ms: f64, peak_rss_kib: f64) -> Medians {
        Medians {
            wall_ms,
            cpu_ms: wall_ms,
            peak_rss_kib,
            server_cpu_ms: 0.0,
        }
    }

    #[test]
    fn the_median_is_the_middle_value() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0]), Some(3.0));
        assert_eq!(median(&[9.0, 1.0, 5.0]), Some(5.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 100.0]), Some(3.5));
        assert_eq!(median(&[2.0, 2.0, 7.0, 1.0, 50.0]), Some(2.0));
    }

    #[test]
    fn a_clients_medians_are_taken_field_by_field() {
        let mut runs = ClientRuns::new("sdk");
        assert_eq!(runs.medians(), None);
        runs.samples = vec![
            sample(10.0, 7.0, 900),
            sample(30.0, 5.0, 800),
            sample(20.0, 6.0, 1000),
        ];
        runs.server_cpu_ms = vec![4.0, 2.0, 3.0];
        assert_eq!(
            runs.medians(),
            Some(Medians {
                wall_ms: 20.0,
                cpu_ms: 6.0,
                peak_rss_kib: 900.0,
                server_cpu_ms: 3.0,
            })
        );
    }

    #[test]
    fn goals_are_met_up_to_their_bound_and_missed_beyond() {
        let node = medians(1000.0, 100_000.0);
        let met = goals(&medians(200.0, 10_000.0), &node, Some(11_000.0));
        assert_eq!(met.len(), 3);
        assert!(met.iter().all(Goal::met), "{met:#?}");

        let missed = goals(&medians(201.0, 10_001.0), &node, Some(11_002.0));
        assert!(missed.iter().all(|g| !g.met()), "{missed:#?}");
        assert!((missed[0].ratio - 0.201).abs() < 1e-9);
        assert!((missed[1].ratio - 0.10001).abs() < 1e-9);
        assert!((missed[2].ratio - 1.1).abs() < 1e-3);

        // Without the larger history, the flatness goal is not listed.
        assert_eq!(goals(&medians(1.0, 1.0), &node, None).len(), 2);
    }

    #[test]
    fn the_report_shows_each_client_ratio_and_verdict() {
        let mut sdk = ClientRuns::new("unipile SDK");
        sdk.samples = vec![sample(100.0, 60.0, 8000)];
        sdk.server_cpu_ms = vec![40.0];
        let text = table(&[&sdk]);
        assert!(text.contains("unipile SDK"), "{text}");
        assert!(text.contains("40%"), "{text}");

        let s = medians(100.0, 8000.0);
        let n = medians(400.0, 16000.0);
        let text = ratios(&s, &[("Node", &n)]);
        assert!(text.contains("SDK/Node"), "{text}");
        assert!(text.contains("0.250") && text.contains("0.500"), "{text}");

        let text = goal_lines(&goals(&s, &n, None));
        assert!(text.contains("MISSED"), "{text}");
    }
}
