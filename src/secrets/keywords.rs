//! The keyword pass: which detector keywords a file contains, case-insensitively, found in one
//! walk over its bytes.
//!
//! The automaton is aho-corasick's, resolved into a flat DFA table. A DFA walk is bound by the
//! latency of one table load per byte (each step needs the previous state), about 2 ns a byte
//! here: more than ripgrep spends on a whole search. A large file is therefore cut into four
//! lanes that are walked in lockstep, so four independent loads are in flight at once; each
//! lane after the first starts `longest keyword - 1` bytes early, so no keyword across a cut is
//! lost. Standard (overlapping) matching reports every keyword present, not only the leftmost
//! of overlapping ones.

use aho_corasick::automaton::Automaton;
use aho_corasick::automaton::StateID;
use aho_corasick::nfa::noncontiguous;
use aho_corasick::{Anchored, MatchKind};

/// Files shorter than this are walked in one lane.
const LANES_FROM: usize = 4096;

#[derive(Debug)]
pub(super) struct KeywordSet {
    /// Byte to equivalence class.
    classes: [u8; 256],
    /// `table[state + class]`: the next state. States are premultiplied by the class count.
    table: Vec<u32>,
    /// Match states are numbered first: a state below `match_limit` ends a keyword.
    match_limit: u32,
    start: u32,
    class_count: usize,
    /// For each match state (by index), the keywords that end there.
    matches: Vec<Vec<usize>>,
    longest: usize,
    keyword_count: usize,
}

/// The number given to each DFA state found, by state id.
#[derive(Default)]
struct StateNumbers(Vec<u32>);

impl StateNumbers {
    const NONE: u32 = u32::MAX;

    fn get(&self, id: StateID) -> Option<usize> {
        match self.0.get(id.as_usize()) {
            Some(&n) if n != Self::NONE => Some(n as usize),
            _ => None,
        }
    }

    fn insert(&mut self, id: StateID, n: usize) {
        let at = id.as_usize();
        if self.0.len() <= at {
            self.0.resize(at + 1, Self::NONE);
        }
        self.0[at] = u32::try_from(n).unwrap_or(Self::NONE);
    }
}

impl KeywordSet {
    pub(super) fn new(keywords: &[String]) -> Result<KeywordSet, String> {
        // The noncontiguous NFA: its failure transitions are resolved below, once per byte
        // class, which is all a DFA build would do, at a fraction of the cost.
        let automaton = noncontiguous::Builder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(keywords)
            .map_err(|e| format!("detector keywords: {e}"))?;
        let start = automaton
            .start_state(Anchored::No)
            .map_err(|e| format!("detector keywords: {e}"))?;
        let next = |state, byte| automaton.next_state(Anchored::No, state, byte);
        // Byte classes from the keywords: a byte no keyword contains leads every state where
        // any other such byte does (back towards the start), and an ASCII letter where its
        // other case does (the matching ignores ASCII case). So one class for the bytes of no
        // keyword, one per keyword byte, the cases of a letter together; each class is then
        // walked through one representative byte. (Comparing all 256 transitions of every
        // state to find the classes took most of a small run's time.)
        let mut classes = [0u8; 256];
        let mut assigned = [false; 256];
        let mut representatives = vec![0u8];
        for byte in keywords.iter().flat_map(|k| k.bytes()) {
            let byte = byte.to_ascii_lowercase();
            if !assigned[usize::from(byte)] {
                let class = u8::try_from(representatives.len()).map_err(|_| "too many byte classes")?;
                representatives.push(byte);
                for b in [byte, byte.to_ascii_uppercase()] {
                    classes[usize::from(b)] = class;
                    assigned[usize::from(b)] = true;
                }
            }
        }
        // Class 0 (the bytes of no keyword) is walked through one of them.
        match (0..=255u8).find(|&b| !assigned[usize::from(b)]) {
            Some(byte) => representatives[0] = byte,
            None => return Err("detector keywords use every byte".into()),
        }
        // The reachable states, numbered in the order found. The DFA's state ids are offsets
        // into its own table, so a vector indexed by id numbers them (a hash map of ids took a
        // third of a one-file run).
        let mut states = vec![start];
        let mut number = StateNumbers::default();
        number.insert(start, 0);
        let mut at = 0;
        while let Some(&state) = states.get(at) {
            for &byte in &representatives {
                let target = next(state, byte);
                if number.get(target).is_none() {
                    number.insert(target, states.len());
                    states.push(target);
                }
            }
            at += 1;
        }
        let class_count = representatives.len();
        let mut order: Vec<usize> = (0..states.len()).collect();
        order.sort_by_key(|&index| !automaton.is_match(states[index]));
        let mut renumbered = vec![0usize; states.len()];
        for (new, &old) in order.iter().enumerate() {
            renumbered[old] = new;
        }
        let mut table = vec![0u32; states.len() * class_count];
        for (old, &state) in states.iter().enumerate() {
            let row = renumbered[old] * class_count;
            for (class, &byte) in representatives.iter().enumerate() {
                let target = number
                    .get(next(state, byte))
                    .ok_or("detector keywords: unreachable state")?;
                table[row + class] = premultiply(renumbered[target], class_count)?;
            }
        }
        let match_states = states.iter().filter(|&&s| automaton.is_match(s)).count();
        let matches = order[..match_states]
            .iter()
            .map(|&old| {
                let state = states[old];
                (0..automaton.match_len(state))
                    .map(|i| automaton.match_pattern(state, i).as_usize())
                    .collect()
            })
            .collect();
        Ok(KeywordSet {
            classes,
            table,
            match_limit: premultiply(match_states, class_count)?,
            start: premultiply(renumbered[0], class_count)?,
            class_count,
            matches,
            longest: keywords.iter().map(String::len).max().unwrap_or(1),
            keyword_count: keywords.len(),
        })
    }

    /// For each keyword, whether `text` contains it.
    pub(super) fn present(&self, text: &[u8]) -> Vec<bool> {
        let mut found = vec![false; self.keyword_count];
        let mut mark = |state: u32| {
            if let Some(keywords) = self.matches.get(state as usize / self.class_count) {
                for &keyword in keywords {
                    found[keyword] = true;
                }
            }
        };
        let step = |state: u32, byte: u8| {
            self.table
                .get((state + u32::from(self.classes[usize::from(byte)])) as usize)
                .copied()
                .unwrap_or(self.start)
        };
        let quarter = text.len() / 4;
        if text.len() < LANES_FROM || quarter < self.longest {
            let mut state = self.start;
            for &byte in text {
                state = step(state, byte);
                if state < self.match_limit {
                    mark(state);
                }
            }
            return found;
        }
        let back = self.longest - 1;
        let lanes = [
            &text[..quarter],
            &text[quarter - back..2 * quarter],
            &text[2 * quarter - back..3 * quarter],
            &text[3 * quarter - back..],
        ];
        let common = lanes[0].len();
        let mut states = [self.start; 4];
        let lockstep = lanes[0]
            .iter()
            .zip(&lanes[1][..common])
            .zip(&lanes[2][..common])
            .zip(&lanes[3][..common]);
        for (((&a, &b), &c), &d) in lockstep {
            states = [
                step(states[0], a),
                step(states[1], b),
                step(states[2], c),
                step(states[3], d),
            ];
            if states.iter().any(|&s| s < self.match_limit) {
                for &state in &states {
                    if state < self.match_limit {
                        mark(state);
                    }
                }
            }
        }
        for (lane, mut state) in lanes.iter().zip(states) {
            for &byte in &lane[common..] {
                state = step(state, byte);
                if state < self.match_limit {
                    mark(state);
                }
            }
        }
        found
    }
}

/// A state number as the table stores it: the offset of its row.
fn premultiply(state: usize, class_count: usize) -> Result<u32, String> {
    u32::try_from(state * class_count).map_err(|_| "keyword automaton too large".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(keywords: &[&str]) -> KeywordSet {
        KeywordSet::new(&keywords.iter().map(|k| k.to_string()).collect::<Vec<_>>()).expect("builds")
    }

    fn naive(keywords: &[&str], text: &str) -> Vec<bool> {
        let lower = text.to_ascii_lowercase();
        keywords
            .iter()
            .map(|k| lower.contains(&k.to_ascii_lowercase()))
            .collect()
    }

    #[test]
    fn finds_every_keyword_case_insensitively_and_overlapping() {
        let keywords = ["password", "mch_api", "api_key", "secret", "pwd"];
        let text = "String MCH_API_KEY = x; // PassWord";
        assert_eq!(set(&keywords).present(text.as_bytes()), naive(&keywords, text));
        assert_eq!(
            set(&keywords).present(text.as_bytes()),
            vec![true, true, true, false, false]
        );
    }

    #[test]
    fn keywords_across_lane_cuts_are_found() {
        let keywords = ["secret_access_key", "ltai", "begin"];
        let filler = "x".repeat(10_000);
        // Put a keyword across each quarter boundary of a file, and at both ends.
        for at in [0usize, 2_490, 2_495, 2_499, 4_995, 5_000, 7_490, 9_983, 9_996] {
            let mut text = filler.clone();
            text.replace_range(at..at + 4, "LTAI");
            let long_at = (at + 5_003) % 9_980;
            text.replace_range(long_at..long_at + 17, "Secret_Access_Key");
            assert_eq!(
                set(&keywords).present(text.as_bytes()),
                naive(&keywords, &text),
                "keyword at {at}, long one at {long_at}"
            );
        }
    }

    #[test]
    fn agrees_with_a_plain_search_on_mixed_text() {
        let keywords = ["token", "jdbc:", "-----begin", "sm2", "x509trustmanager", "é"];
        let mut text = String::new();
        for i in 0..3_000 {
            text.push_str(match i % 7 {
                0 => "普通文本 ",
                1 => "getToken() ",
                2 => "jdbc:mysql ",
                3 => "X509TrustManager ",
                _ => "lorem ipsum ",
            });
        }
        assert_eq!(set(&keywords).present(text.as_bytes()), naive(&keywords, &text));
        assert_eq!(set(&keywords).present(b""), vec![false; keywords.len()]);
    }
}
