//! Benchmarks of the scheduler, one command each (results go to `docs/benchmarks.md`):
//!
//! ```text
//! cargo run --release -p scheduler --example bench -- literature [seconds]
//! cargo run --release -p scheduler --example bench -- variants [seconds]
//! cargo run --release -p scheduler --example bench -- scale [small|large|both]
//! cargo run --release -p scheduler --example bench -- incremental
//! cargo run --release -p scheduler --example bench -- export tic-12.original  # problem JSON to stdout
//! ```
//! The literature instances are read from `AGORA_B2B_INSTANCES` or
//! `../shared/bench/b2b-instances/dzn` beside the repository.

mod dzn;
mod generator;
mod runs;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let what = args.first().map_or("literature", String::as_str);
    let arg = args.get(1).cloned();
    match what {
        "literature" => runs::literature(
            arg.and_then(|a| a.parse().ok()).unwrap_or(10.0),
            args.get(2).cloned(),
        ),
        "variants" => runs::variants(
            arg.and_then(|a| a.parse().ok()).unwrap_or(3.0),
            args.get(2).cloned(),
        ),
        "scale" => runs::scale(arg.as_deref().unwrap_or("both")),
        "incremental" => runs::incremental(),
        "solve" if args.len() >= 3 => {
            let ms = args.get(3).and_then(|a| a.parse().ok());
            match scheduler::cli::solve_files(args[1].as_ref(), args[2].as_ref(), ms, None) {
                Ok(summary) => println!("{summary}"),
                Err(e) => eprintln!("{e}"),
            }
        }
        "export" => runs::export(args.get(1).map_or("tic-12.original", String::as_str)),
        other => {
            eprintln!("unknown benchmark {other}: use literature | variants | scale | incremental")
        }
    }
}
