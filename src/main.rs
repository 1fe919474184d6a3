fn main() {
    let m = claimlint::morph::Morphology::global();
    for t in m.tokenize("副作用が全く無いわけではありません。治ります。エクソソームで若返らせる幹細胞培養上清液") { println!("{:?}", t); }
}
