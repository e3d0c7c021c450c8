//! Badges: names survive into the PDF as typed, every format paginates as expected, and the
//! printed QR code decodes back to its payload.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::cell::RefCell;

use crate::common::*;
use documents::inspect::{page_count, pdf_text, render_first_page_png};
use documents::{
    BadgeFormat, BadgeLayout, BadgePerson, DocumentError, LabelSize, Locale, badges, decode_qr,
};

fn people(n: usize) -> Vec<BadgePerson> {
    (0..n)
        .map(|i| BadgePerson {
            first_name: FIRST_NAMES[i % 6].into(),
            last_name: LAST_NAMES[i % 6].into(),
            company: format!("Société Générale d'Études n°{i}"),
            job_title: "Directrice R&D".into(),
            country: "Pologne".into(),
            category: if i % 2 == 0 {
                "Exposant".into()
            } else {
                "Visiteur".into()
            },
            band_colour: if i % 2 == 0 {
                Some("#E4A11B".into())
            } else {
                None
            },
            qr_payload: format!(
                "AGORA1:evt-42:participant-{i:05}:7f3a9c0e5b2d4f6a8c1e3b5d7f9a0c2e"
            ),
        })
        .collect()
}

fn layout(format: BadgeFormat) -> BadgeLayout {
    BadgeLayout {
        format,
        ..BadgeLayout::default()
    }
}

// REQ: CHK-5
// REQ: PRV-7
#[test]
fn single_badges_print_names_as_typed_in_both_languages() {
    let list = people(6);
    for locale in [Locale::Fr, Locale::En] {
        let pdf = badges(
            &branding(),
            &layout(BadgeFormat::Single),
            &list,
            locale,
            &no_progress,
        )
        .unwrap();
        assert_eq!(page_count(&pdf).unwrap(), 6, "one badge per page");
        let text = pdf_text(&pdf).unwrap();
        for p in &list {
            assert_has(&text, &p.first_name);
            assert_has(&text, &p.last_name);
        }
        assert_has(&text, "Société Générale d'Études n°3");
        assert_has(&text, "Directrice R&D");
        assert_has(&text, "Exposant");
        assert_has(&text, "Rencontres d'affaires Łódź–Lyon 2027");
    }
}

// REQ: CHK-5
#[test]
fn hidden_fields_are_not_printed() {
    let list = people(2);
    let lay = BadgeLayout {
        format: BadgeFormat::Single,
        show_company: false,
        show_job_title: false,
        show_country: false,
        show_category: false,
    };
    let text =
        pdf_text(&badges(&branding(), &lay, &list, Locale::Fr, &no_progress).unwrap()).unwrap();
    assert_has(&text, "Éloïse");
    for hidden in ["Société", "Directrice", "Pologne", "Exposant", "Visiteur"] {
        assert!(!text.contains(hidden), "{hidden} should be hidden:\n{text}");
    }
}

// REQ: CHK-5
#[test]
fn a4_sheets_hold_eight_badges_label_sheets_twenty_four_and_labels_one() {
    let list = people(17);
    let pdf = badges(
        &branding(),
        &layout(BadgeFormat::A4Sheet),
        &list,
        Locale::En,
        &no_progress,
    )
    .unwrap();
    assert_eq!(page_count(&pdf).unwrap(), 3, "17 badges on sheets of 8");
    let text = pdf_text(&pdf).unwrap();
    assert_has(&text, "Çağlar");
    assert_has(&text, "$x^2$");
    let labels = people(25);
    let pdf = badges(
        &branding(),
        &layout(BadgeFormat::LabelSheetA4),
        &labels,
        Locale::Fr,
        &no_progress,
    )
    .unwrap();
    assert_eq!(page_count(&pdf).unwrap(), 2, "25 labels on sheets of 24");
    assert_has(&pdf_text(&pdf).unwrap(), "Öztürk");
    for size in LabelSize::ALL {
        let pdf = badges(
            &branding(),
            &layout(BadgeFormat::Label(size)),
            &list[..3],
            Locale::Fr,
            &no_progress,
        )
        .unwrap();
        assert_eq!(page_count(&pdf).unwrap(), 3, "{size:?}");
        let text = pdf_text(&pdf).unwrap();
        assert_has(&text, "Zoë");
        assert_has(&text, "Łódź");
    }
}

// REQ: CHK-5
// REQ: PRV-7
#[test]
fn printed_qr_code_decodes_to_the_payload() {
    for format in [
        BadgeFormat::Single,
        BadgeFormat::A4Sheet,
        BadgeFormat::LabelSheetA4,
        BadgeFormat::Label(LabelSize::Mm70x37),
    ] {
        let list = people(1);
        let pdf = badges(
            &branding(),
            &layout(format.clone()),
            &list,
            Locale::Fr,
            &no_progress,
        )
        .unwrap();
        let png = render_first_page_png(&pdf, 3.0).unwrap();
        let found = decode_qr(&png).unwrap();
        assert_eq!(found, vec![list[0].qr_payload.clone()], "{format:?}");
    }
}

// REQ: CHK-5
#[test]
fn qr_code_decodes_from_a_jpeg_camera_frame() {
    let list = people(1);
    let pdf = badges(
        &branding(),
        &layout(BadgeFormat::Single),
        &list,
        Locale::En,
        &no_progress,
    )
    .unwrap();
    let png = render_first_page_png(&pdf, 2.0).unwrap();
    let frame = image::load_from_memory(&png).unwrap().to_rgb8();
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgb8(frame)
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    assert_eq!(decode_qr(&jpeg).unwrap(), vec![list[0].qr_payload.clone()]);
}

// REQ: CHK-5
#[test]
fn progress_is_reported_up_to_the_total() {
    let list = people(100);
    let seen = RefCell::new(Vec::new());
    let pdf = badges(
        &branding(),
        &layout(BadgeFormat::A4Sheet),
        &list,
        Locale::Fr,
        &|d, t| seen.borrow_mut().push((d, t)),
    )
    .unwrap();
    assert_eq!(page_count(&pdf).unwrap(), 13);
    let seen = seen.into_inner();
    assert_eq!(seen.first(), Some(&(0, 100)));
    assert_eq!(seen.last(), Some(&(100, 100)));
    assert!(seen.len() >= 3, "at least one intermediate step: {seen:?}");
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0));
}

// REQ: CHK-5
#[test]
fn bad_inputs_give_clean_errors() {
    let list = people(1);
    assert!(matches!(
        badges(
            &branding(),
            &layout(BadgeFormat::Single),
            &[],
            Locale::Fr,
            &no_progress
        ),
        Err(DocumentError::Empty)
    ));
    let mut b = branding();
    b.logos = vec![documents::Image {
        bytes: b"GIF89a not supported".to_vec(),
    }];
    assert!(matches!(
        badges(
            &b,
            &layout(BadgeFormat::Single),
            &list,
            Locale::Fr,
            &no_progress
        ),
        Err(DocumentError::BadImage(_))
    ));
    // A bad colour falls back to the default instead of failing on event day.
    let mut b = branding();
    b.colour = "not-a-colour".into();
    assert!(
        badges(
            &b,
            &layout(BadgeFormat::Single),
            &list,
            Locale::Fr,
            &no_progress
        )
        .is_ok()
    );
}

// REQ: CHK-5
#[test]
fn decode_qr_refuses_bad_images() {
    assert!(matches!(
        decode_qr(b"hello"),
        Err(DocumentError::BadImage(_))
    ));
    assert!(matches!(
        decode_qr(&[0xFF, 0xD8, 0xFF, 0x00, 0x01]),
        Err(DocumentError::BadImage(_))
    ));
    // A blank image is fine and holds no code.
    let blank = image::RgbImage::from_pixel(50, 50, image::Rgb([255, 255, 255]));
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(blank)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    assert_eq!(decode_qr(&png).unwrap(), Vec::<String>::new());
    // Too many pixels: refused before decoding.
    let huge = image::GrayImage::from_pixel(4100, 10, image::Luma([255]));
    let mut png = Vec::new();
    image::DynamicImage::ImageLuma8(huge)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    assert!(matches!(decode_qr(&png), Err(DocumentError::BadImage(_))));
}

// REQ: CHK-5
#[test]
fn chinese_japanese_and_korean_names_print_with_the_host_cjk_fonts() {
    let installed = documents::DEFAULT_EXTRA_FONTS
        .iter()
        .all(|p| std::path::Path::new(p).is_file());
    let families = documents::extra_font_families();
    if !installed {
        // `.ci/run` installs Debian's fonts-noto-cjk, so CI always takes the path below.
        eprintln!("fonts-noto-cjk is not installed: CJK names would print as boxes");
        assert!(families.iter().all(|f| !f.contains("CJK")));
        return;
    }
    assert!(
        families.iter().any(|f| f.contains("Noto Sans CJK")),
        "{families:?}"
    );
    let mut list = people(1);
    list[0].first_name = "小明".into();
    list[0].last_name = "王".into();
    list[0].company = "김민준 주식회사".into();
    list[0].job_title = "営業部長".into();
    let pdf = badges(
        &branding(),
        &layout(BadgeFormat::Single),
        &list,
        Locale::Fr,
        &no_progress,
    )
    .unwrap();
    let text = pdf_text(&pdf).unwrap();
    for typed in ["小明", "王", "김민준 주식회사", "営業部長"] {
        assert_has(&text, typed);
    }
    let embeds_cjk = pdf.windows(11).any(|w| w == b"NotoSansCJK");
    assert!(
        embeds_cjk,
        "the names are set in Noto Sans CJK, not DejaVu's empty boxes"
    );
}
