//! Interrupts during a write: Ctrl-C, closing the terminal or a termination signal
//! (SIGINT, SIGTERM, SIGHUP; Ctrl-Break and closing the console on Windows) end `build` at
//! once, except while files are being renamed into place: then the write finishes first, so
//! that the output is the previous site or the new one, never part of each. (A kill that
//! cannot be caught, SIGKILL or a power cut, leaves the journal, which the next build and
//! `check` read.)

use std::sync::atomic::{AtomicU8, Ordering};

/// Nothing to protect: an interrupt ends the process.
const IDLE: u8 = 0;
/// Files are being put in place: an interrupt waits for the end of it.
const PUTTING: u8 = 1;
/// An interrupt came while files were being put in place.
const WAITING: u8 = 2;
/// An interrupt is ending the process.
const ENDING: u8 = 3;

static STATE: AtomicU8 = AtomicU8::new(IDLE);

/// The exit code of a build ended by an interrupt (128 + SIGINT, as shells report it).
pub const INTERRUPTED: i32 = 130;

/// Makes an interrupt end the process, but only between writes (see the module). Called
/// once, by `build`; without it an interrupt ends the process as the system does.
pub fn end_on_interrupt() -> Result<(), ctrlc::Error> {
    ctrlc::set_handler(|| {
        match STATE.compare_exchange(IDLE, ENDING, Ordering::SeqCst, Ordering::SeqCst) {
            Ok(_) => end(),
            // Putting files in place: `Putting::drop` ends the process when it is done.
            Err(_) => {
                let _ =
                    STATE.compare_exchange(PUTTING, WAITING, Ordering::SeqCst, Ordering::SeqCst);
            }
        }
    })
}

fn end() -> ! {
    crate::errln!(
        "{}",
        crate::messages::Text::both(
            "interrupted; the output folder is whole: the previous site, or the new one where its files were already being put in place",
            "已中断；输出文件夹是完整的：仍是上一次的网站，或在文件已开始放入时为新网站",
        )
    );
    std::process::exit(INTERRUPTED)
}

/// Files being put in place: an interrupt meanwhile waits until this is dropped.
pub(super) struct Putting(());

impl Putting {
    /// Starts putting files in place; if an interrupt is already ending the process, waits
    /// for it to do so.
    pub(super) fn start() -> Putting {
        while STATE
            .compare_exchange(IDLE, PUTTING, Ordering::SeqCst, Ordering::SeqCst)
            .is_err()
        {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        Putting(())
    }
}

impl Drop for Putting {
    fn drop(&mut self) {
        if STATE.swap(IDLE, Ordering::SeqCst) == WAITING {
            let _ = STATE.compare_exchange(IDLE, ENDING, Ordering::SeqCst, Ordering::SeqCst);
            end();
        }
    }
}
