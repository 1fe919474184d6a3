fn main() {
    let m = claimlint::morph::Morphology::global().unwrap();
    for arg in std::env::args().skip(1) {
        let t = m.tokenize(&arg).unwrap();
        println!(
            "{}",
            t.iter()
                .map(|m| format!("{}[{}|{}]", m.surface, m.base, m.pos))
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
}
