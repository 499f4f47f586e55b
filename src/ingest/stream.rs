//! One-shot queries over large JSON-lines files: read in blocks on every core and keep only
//! the lines that hold the query's keywords, so memory stays small and nothing is read twice.

use super::prefilter::Prefilter;
use std::fs::File;
use std::os::unix::fs::FileExt;

/// Bytes read per call; each thread reuses one buffer of about this size.
const BLOCK: usize = 8 << 20;

/// The lines of the file that hold a keyword (whole lines, in file order), and the number of
/// bytes read. `None` if the file does not look like JSON lines.
pub fn matching_lines(file: &File, len: u64, p: &Prefilter, threads: usize) -> std::io::Result<Option<Vec<Vec<u8>>>> {
    with_block(file, len, p, threads, BLOCK)
}

fn with_block(
    file: &File,
    len: u64,
    p: &Prefilter,
    threads: usize,
    block: usize,
) -> std::io::Result<Option<Vec<Vec<u8>>>> {
    let mut head = vec![0u8; BLOCK.min(len as usize)];
    let n = file.read_at(&mut head, 0)?;
    if !super::looks_like_lines(&head[..n]) {
        return Ok(None);
    }
    let threads = threads.max(1) as u64;
    let parts: Vec<std::io::Result<Vec<Vec<u8>>>> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..threads)
            .map(|k| s.spawn(move || part(file, len * k / threads, len * (k + 1) / threads, p, block)))
            .collect();
        hs.into_iter().map(|h| h.join().expect("reader threads do not panic")).collect()
    });
    let mut lines = Vec::new();
    for part in parts {
        lines.append(&mut part?);
    }
    Ok(Some(lines))
}

/// The matching lines that start in `[from, to)`: a line belongs to the part where it starts.
fn part(file: &File, from: u64, to: u64, p: &Prefilter, block: usize) -> std::io::Result<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    let mut buf = vec![0u8; block];
    let mut kept = 0; // bytes at the front of `buf` carried from the last read (a partial line)
                      // A part after the first starts one byte early, so that a line starting exactly at `from`
                      // is found as the one after that byte's newline.
    let start_at = from.saturating_sub(1);
    let mut pos = start_at; // file offset of buf[kept]
    let mut line_start_off = start_at; // file offset of buf[0]
    let mut first = from > 0;
    loop {
        if kept == buf.len() {
            buf.resize(buf.len() * 2, 0); // a line longer than the buffer
        }
        let n = file.read_at(&mut buf[kept..], pos)?;
        let end = kept + n;
        let mut start = 0;
        if first {
            // Skip the line in progress at `from`: the previous part owns it.
            match memchr::memchr(b'\n', &buf[..end]) {
                Some(i) => start = i + 1,
                None if n == 0 => return Ok(out),
                None => {
                    kept = 0;
                    pos += n as u64;
                    line_start_off = pos;
                    continue;
                }
            }
            if line_start_off + start as u64 >= to {
                return Ok(out);
            }
            first = false;
        }
        // Complete lines are those before the last newline (or everything at end of file).
        let complete =
            if n == 0 { end } else { memchr::memrchr(b'\n', &buf[start..end]).map_or(start, |i| start + i + 1) };
        let mut done = false;
        for (s, e) in p.lines_of(&buf[start..complete]) {
            if line_start_off + (start + s) as u64 >= to {
                done = true;
                break;
            }
            out.push(buf[start + s..start + e].to_vec());
        }
        if n == 0 || done || line_start_off + complete as u64 >= to {
            return Ok(out);
        }
        buf.copy_within(complete..end, 0);
        kept = end - complete;
        line_start_off += complete as u64;
        pos += n as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn every_matching_line_once_whatever_the_cuts() {
        let mut text = String::new();
        for i in 0..5000 {
            let name = if i % 7 == 0 { "ConsoleLogin" } else { "Other" };
            text.push_str(&format!("{{\"i\":{i},\"eventName\":\"{name}\",\"pad\":\"{}\"}}\n", "x".repeat(i % 50)));
        }
        let path = std::env::temp_dir().join(format!("trailscope-stream-{}.jsonl", std::process::id()));
        std::fs::File::create(&path).unwrap().write_all(text.as_bytes()).unwrap();
        let file = File::open(&path).unwrap();
        let p = Prefilter::new(&["consolelogin".to_string()]).unwrap();
        let want: Vec<Vec<u8>> =
            text.lines().filter(|l| l.contains("ConsoleLogin")).map(|l| l.as_bytes().to_vec()).collect();
        for threads in [1, 2, 3, 7] {
            for block in [64, 1000, BLOCK] {
                let got = with_block(&file, text.len() as u64, &p, threads, block).unwrap().unwrap();
                assert_eq!(got, want, "{threads} threads, {block}-byte blocks");
            }
        }
        std::fs::remove_file(path).ok();
    }
}
