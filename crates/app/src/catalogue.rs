//! A producer's catalogue: its products, editable by its admins, each with an optional photo
//! that the server makes small (resized and re-encoded) so a page of products stays light on
//! a 3G phone.

use std::io::Cursor;

use bayanihan_domain::access::{Action, Subject};
use bayanihan_domain::trade::catalog::{ProductDraft, ProductInput};
use bayanihan_domain::trade::records::ProductPhoto;
use bayanihan_domain::Invalid;
use bayanihan_store::trade::Product;
use bayanihan_store::Store;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use uuid::Uuid;

use crate::AppResult;

/// The largest upload accepted: a phone camera's full-size JPEG fits.
pub const MAX_UPLOAD_BYTES: usize = 12 * 1024 * 1024;
/// A kept photo fits in this square (pixels), enough for a phone screen's width.
pub const PHOTO_SIDE: u32 = 480;
/// JPEG quality of a kept photo: about 20–40 KB at 480 px.
pub const PHOTO_QUALITY: u8 = 70;
/// Pixels an upload may have (a 60-megapixel camera at most), checked before decoding.
const MAX_PIXELS: u64 = 60_000_000;

/// One product (public).
pub async fn product(store: &Store, id: Uuid) -> AppResult<Product> {
    Ok(store.product(id).await?)
}

/// The product, for whoever manages its producer's catalogue (its admins).
async fn managed(store: &Store, caller: Option<&Subject>, id: Uuid) -> AppResult<Product> {
    crate::access::require(caller)?;
    let p = store.product(id).await?;
    crate::access::allow(
        caller,
        p.organization_id,
        Action::ManageCatalog,
        "manage its products",
    )?;
    Ok(p)
}

/// Whether the caller may change the products of `org`.
pub fn manages(caller: Option<&Subject>, org: Uuid) -> bool {
    crate::access::allow(caller, org, Action::ManageCatalog, "").is_ok()
}

/// Replaces a product's fields (its producer's admins).
pub async fn update_product(
    store: &Store,
    caller: Option<&Subject>,
    id: Uuid,
    input: &ProductInput,
) -> AppResult<Product> {
    managed(store, caller, id).await?;
    let d = ProductDraft::parse(input)?;
    Ok(store.update_product(id, &d).await?)
}

/// Sets a product's photo from an uploaded JPEG or PNG (its producer's admins): turned
/// upright by its EXIF orientation, made to fit [`PHOTO_SIDE`] and re-encoded as JPEG, so
/// what is kept and served is small whatever the camera made. Returns the product.
pub async fn set_photo(
    store: &Store,
    caller: Option<&Subject>,
    id: Uuid,
    upload: &[u8],
) -> AppResult<Product> {
    managed(store, caller, id).await?;
    let photo = prepare_photo(upload)?;
    store.put_product_photo(id, &photo).await?;
    Ok(store.product(id).await?)
}

/// Removes a product's photo (its producer's admins).
pub async fn remove_photo(store: &Store, caller: Option<&Subject>, id: Uuid) -> AppResult<()> {
    managed(store, caller, id).await?;
    Ok(store.delete_product_photo(id).await?)
}

/// A product's photo (public); `None` when it has none.
pub async fn photo(store: &Store, id: Uuid) -> AppResult<Option<ProductPhoto>> {
    store.product(id).await?;
    Ok(store.product_photo(id).await?)
}

/// Makes the kept photo from an upload; an upload that is not a readable JPEG or PNG, or is
/// too large, is refused naming the field `photo`.
pub fn prepare_photo(upload: &[u8]) -> Result<ProductPhoto, Invalid> {
    let bad = |reason: String| Invalid::field("photo", reason);
    if upload.is_empty() {
        return Err(bad("is empty: choose a photo".into()));
    }
    if upload.len() > MAX_UPLOAD_BYTES {
        return Err(bad(format!(
            "is {} MB; at most {} MB is accepted",
            upload.len().div_ceil(1024 * 1024),
            MAX_UPLOAD_BYTES / (1024 * 1024)
        )));
    }
    let format = image::guess_format(upload)
        .ok()
        .filter(|f| matches!(f, ImageFormat::Jpeg | ImageFormat::Png))
        .ok_or_else(|| bad("must be a JPEG or PNG photo".into()))?;
    let mut reader = ImageReader::with_format(Cursor::new(upload), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(20_000);
    limits.max_image_height = Some(20_000);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let unreadable = |e: image::ImageError| bad(format!("cannot be read as a photo ({e})"));
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(bad(format!("has {w}×{h} pixels; at most 60 megapixels")));
    }
    let orientation = decoder.orientation().map_err(unreadable)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    img.apply_orientation(orientation);
    let small = if img.width() > PHOTO_SIDE || img.height() > PHOTO_SIDE {
        img.thumbnail(PHOTO_SIDE, PHOTO_SIDE)
    } else {
        img
    };
    let rgb = small.to_rgb8();
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, PHOTO_QUALITY)
        .encode_image(&rgb)
        .map_err(|e| bad(format!("could not be made small ({e})")))?;
    Ok(ProductPhoto {
        content_type: "image/jpeg".into(),
        width: rgb.width(),
        height: rgb.height(),
        bytes,
        version: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageEncoder, RgbImage};

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x * y) % 256) as u8])
        });
        let mut out = Vec::new();
        image::codecs::png::PngEncoder::new(&mut out)
            .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
            .unwrap();
        out
    }

    #[test]
    fn a_large_photo_is_made_small_keeping_its_shape() {
        let upload = png(2000, 1000);
        let p = prepare_photo(&upload).unwrap();
        assert_eq!((p.width, p.height), (PHOTO_SIDE, PHOTO_SIDE / 2));
        assert_eq!(p.content_type, "image/jpeg");
        assert_eq!(image::guess_format(&p.bytes).unwrap(), ImageFormat::Jpeg);
        assert!(p.bytes.len() < 60 * 1024, "{} bytes", p.bytes.len());
    }

    #[test]
    fn a_small_photo_keeps_its_size() {
        let p = prepare_photo(&png(100, 60)).unwrap();
        assert_eq!((p.width, p.height), (100, 60));
    }

    #[test]
    fn what_is_not_a_photo_is_refused_naming_the_field() {
        for bad in [
            Vec::new(),
            b"GIF89a....".to_vec(),
            b"hello".to_vec(),
            png(10, 10)[..40].to_vec(),
        ] {
            let e = prepare_photo(&bad).unwrap_err();
            assert_eq!(e.errors[0].field, "photo", "{:?}", e);
        }
    }
}
