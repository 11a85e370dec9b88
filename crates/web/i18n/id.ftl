## Bayanihan — Bahasa Indonesia

site-name = Bayanihan
skip-to-content = Langsung ke isi
nav-home = Beranda
nav-directory = Direktori
nav-sign-in = Masuk
nav-sign-out = Keluar
nav-language = Bahasa
lang-switch = Ganti
footer-text = Bayanihan — perangkat lunak untuk ekonomi sosial dan solidaritas, milik para penggunanya sendiri.

landing-title = Selamat datang di Bayanihan
landing-intro = Platform untuk jaringan ekonomi sosial dan solidaritas: koperasi produsen, kelompok swadaya, usaha sosial, dan kelompok konsumen yang berdagang dengan semangat gotong royong, dengan harga yang terbuka bagi semua.
landing-try = Lihat direktori organisasi, buka toko sebuah siklus untuk melihat ke mana setiap rupiah pergi, atau masuk untuk memesan.
landing-open-cycles = Siklus pesanan yang sedang buka
landing-demo-title = Akun demo
landing-demo-intro = Ini demo dengan jaringan rekaan. Semua orang di demo ini memakai kata sandi yang sama.
landing-demo-email = E-mail
landing-demo-password = Kata sandi
landing-demo-who = Siapa

signin-title = Masuk
signin-email = Alamat e-mail atau nama masuk
signin-password = Kata sandi
signin-submit = Masuk
signin-error-credentials = Alamat e-mail atau kata sandi salah.
signin-error-too-many = Terlalu banyak percobaan. Tunggu { $seconds } detik, lalu coba lagi.
signin-error-email = Masukkan alamat e-mail, misalnya maria@example.org.
error-csrf = Formulir ini sudah kedaluwarsa. Silakan coba lagi.

directory-title = Direktori organisasi
directory-count = { $count ->
   *[other] { $count } organisasi
}
directory-filter-country = Negara (kode)
directory-filter-kind = Jenis
directory-filter-any = Semua
directory-filter-submit = Saring
directory-col-name = Nama
directory-col-kind = Jenis
directory-col-country = Negara
directory-none = Tidak ada organisasi yang cocok dengan saringan ini.
directory-bad-filter = Saringan ini tidak valid: { $reason }
page-next = Halaman berikutnya
page-previous = Halaman sebelumnya

org-kind = Jenis
org-country = Negara
org-region = Wilayah
org-roles = Peran dalam rantai nilai
org-qualifiers = Ciri khusus
org-currency = Mata uang
org-networks = Jaringan dan anggota
org-products = Produk

home-title = Halo, { $name }
home-open-cycles = Siklus yang sedang buka untuk Anda pesan
home-no-open-cycles = Saat ini belum ada siklus yang buka untuk kelompok Anda.
home-run-cycles = Siklus yang dijalankan hub Anda
home-owed = Yang masih harus dibayar atau diterima
home-nothing-owed = Tidak ada yang tertunggak.

shop-title = Toko
shop-closes = Pesanan ditutup { $time }
shop-delivery = Dikirim pada { $date }
shop-closed = Siklus ini sudah ditutup.
shop-breakdown = Ke mana uang Anda pergi
shop-producer-gets = Dari { $total }, produsen mendapat { $producer }.
shop-total = Total
shop-quantity = Jumlah
shop-group = Pesan untuk
shop-order-submit = Tambahkan ke pesanan saya
shop-sign-in-to-order = Masuk untuk memesan.
shop-ordered = Sudah ditambahkan ke pesanan Anda.
shop-my-order = Pesanan saya
shop-no-offers = Belum ada yang ditawarkan di siklus ini.

order-title = Pesanan saya
order-col-product = Produk
order-col-quantity = Diminta
order-col-allocated = Diterima
order-col-total = Total
order-empty = Anda belum memesan apa pun di siklus ini.
order-estimated = Total masih perkiraan sampai siklus ditutup dan barang dibagikan.
order-cancel = Batalkan

part-producer = Produsen
part-processing = Pengolahan
part-packing = Pengemasan
part-transport = Pengangkutan
part-coordination = Koordinasi
part-solidarity_fund = Dana solidaritas
part-tax = Pajak

kind-producer_cooperative = Koperasi produsen
kind-worker_cooperative = Koperasi pekerja
kind-consumer_cooperative = Koperasi konsumen
kind-multi_stakeholder_cooperative = Koperasi multipihak
kind-credit_cooperative = Koperasi simpan pinjam
kind-self_help_group = Kelompok swadaya
kind-social_enterprise = Usaha sosial
kind-association = Perkumpulan atau LSM
kind-network = Jaringan
kind-local_government_unit = Pemerintah daerah
kind-private_company = Perusahaan swasta
kind-academic_institution = Lembaga akademik

error-not-found = Tidak ditemukan
error-not-found-text = Tidak ada halaman di alamat ini.
error-generic = Ada yang tidak beres. Tidak ada yang tersimpan setengah jalan; silakan coba lagi.

manage-title = Jalankan siklus
manage-link = Jalankan siklus ini
manage-close = Tutup siklus sekarang
manage-clone = Salin untuk minggu depan
manage-closed-now = Siklus sudah ditutup: barang sudah dibagikan, faktur dan laporan sudah dibuat.
manage-allocations = Yang diminta dan diterima tiap baris
col-group = Kelompok konsumen
col-product = Produk
col-requested = Diminta
col-allocated = Diterima
col-reason = Alasan
manage-packing = Daftar pengemasan
manage-packing-by-producer = Per produsen
manage-documents = Faktur dan laporan
doc-invoice = Faktur
doc-producer_statement = Laporan produsen
doc-fee_statement = Laporan biaya
packing-title = Daftar pengemasan
packing-no-pickup = Tidak ada titik pengambilan
invoice-title = Faktur
statement-title = Laporan
money-title = Keuangan
money-link = Keuangan
money-balances = Saldo
money-obligations = Yang masih harus dibayar atau diterima
money-due = Jatuh tempo
money-amount = Jumlah
money-method = Cara pembayaran
money-reference = Nomor referensi (boleh dikosongkan)
money-record = Catat pembayaran
money-recorded = Pembayaran sudah dicatat.
money-none = Tidak ada yang tertunggak.
method-cash = Tunai
method-bank_transfer = Transfer bank
method-mobile_money = Dompet digital
account-receivable = Akan diterima
account-payable = Harus dibayar
account-cash = Uang tunai yang diterima atau dibayar

members-title = Anggota
members-link = Anggota
members-col-name = Nama
members-col-roles = Peran
members-col-stakeholder = Pihak
members-add = Tambah anggota
members-email = Alamat e-mail atau nama masuk
members-name = Nama (untuk orang baru)
members-role = Peran
members-stakeholder = Pihak
members-add-submit = Tambahkan
members-added = Anggota sudah ditambahkan.
members-remove = Keluarkan
role-member = Anggota
role-coordinator = Koordinator
role-treasurer = Bendahara
role-admin = Administrator
stakeholder-producer = Produsen
stakeholder-consumer = Konsumen
stakeholder-worker = Pekerja
stakeholder-supporter = Pendukung
network-overview = Ikhtisar jaringan
network-inside = { $count ->
   *[other] { $count } organisasi di dalam jaringan ini
}
network-outstanding = Tunggakan di antara organisasi di dalamnya
newcycle-title = Buka siklus pesanan
newcycle-link = Buka siklus pesanan
newcycle-name = Nama
newcycle-policy = Jika barang tidak cukup
policy-first_come = Siapa cepat, dia dapat
policy-pro_rata = Sebanding dengan jumlah yang diminta masing-masing
policy-equal_share = Dibagi sama rata
newcycle-opens = Pesanan dibuka
newcycle-closes = Pesanan ditutup
newcycle-delivery = Hari pengiriman
newcycle-pickup = Titik pengambilan (boleh dikosongkan)
newcycle-producers = Produsen
newcycle-groups = Kelompok konsumen
newcycle-submit = Buka siklus

group-order-title = Pesanan kelompok kami
group-order-link = Pesanan kelompok kami
col-member = Anggota
shop-only-left = Tinggal { $count }. Mohon pesan lebih sedikit.

directory-filter-qualifier = Kualifikasi
directory-filter-network = Jaringan

error-fields = Mohon periksa: { $fields }.
error-forbidden = Peran Anda tidak mengizinkan tindakan ini.
error-forbidden-text = Jika Anda memerlukannya, mintalah administrator organisasi memberi Anda peran untuk itu.
error-conflict = Ini bertentangan dengan yang sudah tercatat.
members-error-exists = Orang ini sudah menjadi anggota.
members-error-last-admin = Organisasi harus punya setidaknya satu administrator: jadikan orang lain administrator terlebih dahulu.
money-error-too-much = Yang masih harus dibayar hanya { $amount }.
field-email = Alamat e-mail
field-name = Nama
field-quantity = Jumlah
field-amount = Jumlah
field-method = Cara pembayaran
field-roles = Peran
field-stakeholder = Pihak
field-policy = Jika barang tidak cukup
field-opens_at = Pesanan dibuka
field-closes_at = Pesanan ditutup
field-delivery_date = Hari pengiriman
field-pickup_points = Titik pengambilan
qualifier-organic = Organik
qualifier-agroecological = Agroekologis
qualifier-fair-trade = Perdagangan adil (fair trade)
qualifier-gender-equity = Kesetaraan gender
qualifier-indigenous-traditional = Masyarakat adat / tradisional
qualifier-peasant-family-farming = Pertanian petani / keluarga
qualifier-local = Lokal
qualifier-self-management = Swakelola
qualifier-commons = Milik bersama (commons)
qualifier-pgs-certified = Bersertifikat PGS (penjaminan partisipatif)
vcrole-producer = Produsen
vcrole-processor = Pengolah
vcrole-hub = Hub
vcrole-consumer_group = Kelompok konsumen
vcrole-financier = Penyandang dana
vcrole-supporter = Pendukung

# Impact reports
report-title = Laporan dampak
report-period = Periode
report-before = Periode sebelumnya
report-money-goes = Ke mana uang konsumen mengalir
report-figures = Indikator
report-indicator = Indikator
report-trend = Nilai dibayar ke produsen dari waktu ke waktu
report-by-country = Menurut negara
report-by-chain = Menurut rantai nilai
report-factors = Faktor emisi
report-scope = Laporan untuk
report-show = Tampilkan
report-csv = Unduh CSV
report-json = Unduh JSON
report-suppressed = Angka tentang kurang dari { $threshold } orang tidak ditampilkan; tertulis "<{ $threshold }".
report-money-flow = Aliran uang
report-people = orang
report-not-said = tidak disebut
nav-reports = Laporan dampak
group-women = Perempuan
group-youth = Pemuda (di bawah 30)
group-elderly = Lansia (60 ke atas)
group-disability = Penyandang disabilitas
group-informal_sector = Rumah tangga sektor informal
group-overseas_worker = Rumah tangga pekerja migran
gender-woman = Perempuan
gender-man = Laki-laki
gender-non_binary = Non-biner
gender-prefer_not_to_say = Memilih tidak menyebut
category-rice = Beras
category-grains = Biji-bijian
category-pulses = Kacang-kacangan
category-vegetables = Sayuran
category-fruit = Buah
category-coffee = Kopi
category-cacao = Kakao
category-tea = Teh
category-spices = Rempah
category-dairy = Susu dan olahannya
category-eggs = Telur
category-meat = Daging
category-fish = Ikan dan hasil laut
category-processed_food = Makanan olahan
category-handicrafts = Kerajinan
category-textiles = Tekstil
category-other = Lainnya

# Clearing rounds
clearing-link = Putaran kliring
clearing-title = Kliring
clearing-explain = Putaran kliring menghapus utang yang berputar di antara organisasi jaringan tanpa uang berpindah. Posisi bersih setiap organisasi tetap sama.
clearing-currency = Mata uang
clearing-propose = Usulkan putaran
clearing-rounds = Putaran
clearing-none = Belum ada putaran.
clearing-round = Putaran kliring
clearing-status = Status
clearing-proposed = Diusulkan
clearing-total = Utang yang dihitung
clearing-cleared = Dilunasi tanpa uang
clearing-effects = Dampak bagi setiap organisasi
clearing-org = Organisasi
clearing-owes = Berutang (sebelum → sesudah)
clearing-owed = Piutang (sebelum → sesudah)
clearing-saved = Likuiditas dihemat
clearing-net-unchanged = Piutang dikurangi utang setiap organisasi sama sebelum dan sesudah.
clearing-apply = Terapkan putaran ini
clearing-discard = Batalkan
clearing-applied = Putaran diterapkan: perjumpaan utang tercatat untuk setiap organisasi.
clearing-discarded = Putaran dibatalkan.
clearing-stale = Ada kewajiban yang dibayar atau berubah sejak putaran diusulkan. Usulkan putaran baru.
clearing-closed = Putaran ini sudah diterapkan atau dibatalkan.
clearing-bad-currency = Pilih kode mata uang seperti IDR.
round-proposed = diusulkan
round-applied = diterapkan
round-discarded = dibatalkan
round-stale = usang: usulkan lagi

# Packaging returns
manage-report = Dampak siklus ini
manage-returns = Kemasan yang dikembalikan
manage-returned-units = Jumlah dikembalikan
manage-record-returns = Catat
manage-returned = Kemasan yang dikembalikan tercatat.
manage-returned-bad = Isi jumlah yang dikembalikan, bilangan bulat mulai 1.

# Impact data
impact-data-link = Data dampak
impact-data-title = Data dampak
impact-data-report = Laporan dampak organisasi ini
impact-data-jobs = Pekerjaan
impact-data-fte = Setara penuh waktu (mis. 3,5 ditulis 3.5)
impact-data-gender = Gender
impact-data-from = Dari
impact-data-to = Sampai
impact-data-declare = Nyatakan
impact-data-prices = Harga pasar acuan
impact-data-prices-note = Harga produk yang sama di pasar lokal, untuk indikator premi harga. Isi sebelum siklusnya ditutup.
impact-data-price = Harga satu unit
impact-data-region = Wilayah (kosong: semua)
impact-data-source = Sumber
impact-data-record = Catat
impact-data-saved = Tersimpan.
impact-data-bad-dates = Periksa tanggal: akhir tidak boleh sebelum awal.
impact-data-bad-fte = Isi FTE sebagai angka di atas nol dengan paling banyak dua desimal.
impact-data-bad-price = Isi harga satu unit, di atas nol.
impact-data-bad-source = Sebutkan asal harga.

# Transport modes
mode-hgv = Kendaraan barang berat
mode-truck_small = Truk kecil (3,5–7,5 t)
mode-truck_medium = Truk sedang (7,5–17 t)
mode-truck_large = Truk besar (di atas 17 t)
mode-articulated = Truk gandeng
mode-van = Mobil boks
mode-rail = Kereta api
mode-ship_general = Kapal kargo umum
mode-ship_container = Kapal kontainer
mode-ferry_roro = Feri RoRo
mode-motorbike = Sepeda motor
mode-boat_small = Perahu kecil
mode-on_foot = Jalan kaki
mode-bicycle = Sepeda

# Network links (consent of both sides)
links-title = Hubungan dengan jaringan
links-saved = Tersimpan. Hubungan baru berlaku setelah pihak lain menerimanya.
link-status-invited = diundang, menunggu admin organisasi
link-status-applied = mendaftar, menunggu admin jaringan
link-status-active = anggota
link-status-suspended = ditangguhkan
link-status-ended = berakhir
link-accept = Terima
link-decline = Tolak
link-reactivate = Cabut penangguhan
link-suspend = Tangguhkan
link-end = Akhiri keanggotaan
link-confirm = Ya, akhiri
link-confirm-needed = Mohon konfirmasi
link-confirm-needed-text = Mengakhiri keanggotaan dalam jaringan menghapus apa yang dibagikannya. Centang "Ya, akhiri" lalu kirim lagi.
link-invite-into = Undang organisasi ini ke
link-invite = Kirim undangan
link-apply-for = Daftar ke jaringan ini atas nama
link-apply = Daftar

## Bertentangan dengan yang tercatat (conflict-<kind>)
conflict-offers-closed = Siklus ini sudah ditutup: penawaran tidak bisa ditambah lagi.
conflict-withdrawals-closed = Siklus ini sudah ditutup: penawarannya tidak bisa ditarik lagi.
conflict-lines-closed = Siklus ini sudah ditutup: pesanan tidak bisa diubah lagi.
conflict-not-taking-orders = Siklus ini sedang tidak menerima pesanan.
conflict-stock-left = Penawaran ini tinggal { $left }; Anda meminta { $asked }.
conflict-listed-twice = Ada organisasi yang tercantum dua kali dalam peran yang sama.
conflict-cannot-close = Siklus ini tidak dapat ditutup: { $reason }
conflict-more-than-owed = Yang masih harus dibayar untuk kewajiban ini hanya { $owed }.
conflict-ledger = Pembukuan tidak dapat mencatat ini: { $reason }
conflict-invoices-not-yet = Faktur dibuat saat siklus ditutup.
conflict-statements-not-yet = Laporan dibuat saat siklus ditutup.
conflict-not-delivered-yet = Kemasan yang dikembalikan dapat dicatat setelah siklus ditutup dan barang diantar.
conflict-email-taken = Sudah ada orang terdaftar dengan alamat e-mail { $email }.
conflict-already-member = Orang ini sudah menjadi anggota.
conflict-last-admin = Organisasi harus punya setidaknya satu administrator: jadikan orang lain administrator terlebih dahulu.
conflict-link-already-invited = Organisasi ini sudah diundang; administratornya belum menjawab.
conflict-link-already-applied = Organisasi ini sudah mendaftar; administrator jaringan belum menjawab.
conflict-link-already-member = Organisasi ini sudah menjadi anggota jaringan.
conflict-link-ended = Hubungan ini sudah berakhir; undang organisasi itu (atau daftar) lagi.
conflict-link-not-active = Hanya keanggotaan yang aktif yang dapat ditangguhkan.
conflict-not-clearable = Kewajiban ini tidak dapat dikliringkan: { $reason }
conflict-round-too-large = Jumlah dalam putaran ini terlalu besar untuk dicatat.
conflict-round-stale = Ada kewajiban yang dibayar atau berubah sejak putaran diusulkan. Usulkan putaran baru.
conflict-round-decided = Putaran ini sudah { $status }.
conflict-overflow = Jumlahnya terlalu besar untuk dicatat.
conflict-request-in-progress = Permintaan yang sama masih diproses: tunggu sebentar dan coba lagi.

## Mengapa baris mendapat jumlah ini (reason-<basis>)
reason-full = Pasokan mencukupi permintaan setiap baris pada tingkat prioritas ini dan semua tingkat sebelumnya.
reason-first-come-none = Pasokan kurang: baris dilayani sesuai urutan pemesanan, dan tidak ada yang tersisa saat giliran baris ini.
reason-first-come = Pasokan kurang: baris dilayani sesuai urutan pemesanan, dan tersisa { $remaining } saat giliran baris ini.
reason-pro-rata = Pasokan kurang: dibagi sebanding dengan permintaan tiap baris ({ $supply } dari { $demand } yang diminta tingkat ini).
reason-equal-share = Pasokan kurang: dibagi rata, setiap baris mendapat permintaannya hingga { $level }.
reason-bonus = Baris ini juga mendapat satu dari unit yang tersisa.
reason-tier-exhausted = Pasokan habis sebelum tingkat prioritas { $tier }: tingkat yang lebih tinggi mengambil semuanya, sehingga baris ini tidak mendapat apa-apa.
cycle-status-open = dibuka
cycle-status-closed = ditutup

## Closing a cycle, after a confirmation
manage-close-review = Tinjau dan tutup siklus…
close-confirm-title = Tutup siklus?
close-confirm-intro = Menutup siklus membagi pasokan, membuat faktur dan laporan, dan mencatat utang setiap organisasi. Jika ditutup sekarang:
close-confirm-lines = { $count } baris pesanan dialokasikan
close-confirm-units = { $allocated } dari { $requested } unit yang diminta diberikan
close-confirm-invoices = { $count } faktur diterbitkan, seluruhnya { $total }
close-confirm-obligations = { $count } utang antarorganisasi dicatat
close-confirm-short = Tidak cukup untuk semua: ini dibagi menurut aturan siklus
close-confirm-short-line = { $product }: { $given } dari { $asked } yang diminta
close-confirm-final = Ini tidak dapat dibatalkan: anggota tidak dapat lagi mengubah pesanannya.
close-confirm-back = Jangan sekarang: kembali ke siklus

## Confirming what cannot be undone
clearing-decide-note = Menerapkan mencatat setiap saling hapus di atas sebagai pembayaran; membatalkan membuang putaran. Keduanya tidak dapat diurungkan.
clearing-confirm-apply = Ya, terapkan saling hapus ini
clearing-confirm-discard = Ya, batalkan putaran ini
members-confirm-remove = Ya, keluarkan
confirm-needed = Mohon konfirmasi
confirm-needed-text = Ini tidak dapat dibatalkan. Centang kotak di samping tombol lalu kirim lagi.

## Money in words
money-owes-you = { $who } berutang kepada Anda { $amount }
money-owes-you-for = { $who } berutang kepada Anda { $amount } untuk { $cycle }
money-you-owe = Anda berutang kepada { $who } { $amount }
money-you-owe-for = Anda berutang kepada { $who } { $amount } untuk { $cycle }
money-net-owed = Seluruhnya, { $who } berutang kepada Anda { $amount }
money-net-owe = Seluruhnya, Anda berutang kepada { $who } { $amount }
money-net-even = Anda dan { $who } impas
money-overdue = lewat jatuh tempo
money-document = faktur atau laporan
money-confirm-pay = Ya, catat: pembayaran tidak diubah sesudahnya

## The basket on the shop page
shop-basket = Pesanan Anda di siklus ini
shop-change = Ubah
shop-basket-note = Isi jumlah 0 untuk mengeluarkan produk. Memesan produk lagi menambah barisnya.
money-history = Riwayat pembayaran
money-no-payments = Belum ada pembayaran yang dicatat.
money-paid-you = { $who } membayar Anda { $amount }
money-you-paid = Anda membayar { $who } { $amount }
money-reversal = Pembatalan pembayaran sebelumnya
money-reversed = dibatalkan
money-set-off = Saling hapus dalam putaran kliring
money-round = putarannya
money-recorded-by = dicatat oleh
money-reverse = Batalkan pembayaran ini
money-confirm-reverse = Ya, batalkan: jumlahnya kembali terutang, dan kedua catatan tetap ada di riwayat
money-reversed-notice = Pembayaran dibatalkan: jumlahnya kembali terutang.
conflict-payment-reversed = Pembayaran ini sudah dibatalkan.
conflict-not-reversible = Hanya pembayaran uang yang dapat dibatalkan. Saling hapus milik putaran kliringnya; untuk membatalkan pembatalan, catat lagi pembayarannya.
col-household = Rumah tangga
doc-households = Per rumah tangga
doc-household-group = Dipesan oleh kelompok
doc-number = Nomor
doc-issued = Diterbitkan
doc-due = Jatuh tempo
doc-paid = Lunas
doc-unpaid = Belum lunas: masih terutang { $amount }
doc-how-to-pay = Cara membayar
doc-csv = Unduh sebagai CSV
doc-print = Untuk mencetak, gunakan menu Cetak di peramban: halaman dicetak tanpa menunya.
doc-parties = Dari { $from } kepada { $to }
field-description = Deskripsi
field-category = Kategori
field-unit = Satuan jual
field-unit_mass_kg = Berat satu satuan (kg)
field-packaging = Kemasan
field-qualifiers = Kualitas
packaging-returnable = Dapat dikembalikan (peti, toples, karung yang kembali)
packaging-single_use = Sekali pakai
packaging-none = Tanpa kemasan
catalogue-title = Produk
catalogue-manage = Tambah atau ubah produk
catalogue-see = Lihat semua produk
catalogue-empty = Belum ada produk.
catalogue-add = Tambah produk
catalogue-add-button = Tambahkan produk
catalogue-edit = Ubah produk
catalogue-save = Simpan perubahan
catalogue-saved = Produk disimpan.
catalogue-photo = Foto
catalogue-photo-choose = Sebuah foto (JPEG atau PNG; diperkecil untuk koneksi lambat)
catalogue-photo-upload = Unggah foto
catalogue-photo-saved = Foto disimpan.
catalogue-photo-removed = Foto dihapus.
catalogue-photo-remove = Hapus foto
catalogue-photo-confirm-remove = Ya, hapus foto
catalogue-unit-example = karung 5 kg
catalogue-packaging-unsaid = Tidak disebutkan
conflict-below-ordered = { $ordered } satuan penawaran ini sudah dipesan: jumlahnya tidak boleh kurang dari itu.
field-producer_price = Harga produsen per satuan
field-fees = Biaya
field-distance_km = Jarak (km)
field-product_id = Produk
offers-title = Penawaran dan pesanan sejauh ini
offers-none = Belum ada penawaran: tambahkan yang pertama di bawah.
offers-status = { $available } tersedia, { $asked } diminta sejauh ini — { $given } diberikan jika ditutup sekarang
offers-add = Tambah penawaran
offers-add-button = Tambahkan penawaran
offers-no-products = Produsen siklus ini belum punya produk: mereka menambahkannya di halaman katalognya.
offers-fees = Biaya di atas harga produsen
offers-fees-help = Kosongkan jumlahnya untuk biaya yang tidak diperlukan.
offers-fee-kind = Untuk apa
offers-fee-amount = Jumlah
offers-fee-basis = Dihitung
offers-per-unit = per satuan
offers-percent = persen dari harga produsen
offers-fee-recipient = Dibayar kepada
offers-transport = Angkutan ke titik ambil
offers-transport-none = Tidak disebutkan
offers-distance = Jarak dalam km (kosong: dari peta)
offers-save = Simpan penawaran
offers-withdraw = Tarik penawaran
offers-confirm-withdraw = Ya, tarik: pesanan atasnya dibatalkan
offers-added = Penawaran ditambahkan.
offers-changed = Penawaran disimpan.
offers-withdrawn = Penawaran ditarik.
offers-line-changed = Pesanan diubah.
offers-lines = Pesanan sejauh ini
offers-lines-help = Yang akan didapat tiap pesanan jika siklus ditutup sekarang, menurut aturan siklus saat pasokan kurang. Koordinator kelompok dapat mengubah pesanannya di sini.
offers-no-lines = Belum ada yang memesan.
offers-col-projected = Didapat sekarang
cycle-edit = Nama dan tanggal
cycle-edit-save = Simpan nama dan tanggal
cycle-edited = Nama dan tanggal disimpan.
shop-left-first-come = Sisa { $left } — siapa cepat dia dapat: pesanan lebih dari itu ditolak
shop-fair-share = { $available } tersedia, { $asked } diminta sejauh ini — jika permintaan melebihi persediaan, semua mendapat bagian yang adil saat ditutup
shop-fair-share-short = { $available } tersedia, { $asked } diminta sejauh ini — Anda akan mendapat bagian yang adil
nav-my-orders = Pesanan saya
my-orders-title = Pesanan saya
my-orders-none = Anda belum memesan di siklus mana pun.
my-orders-asked = diminta { $asked }
my-orders-got = diminta { $asked }, didapat { $got }:
my-orders-share = Bagian Anda dari faktur kelompok: { $amount } dari { $total }
my-orders-estimate = Sejauh ini: { $amount } (pasti saat siklus ditutup)
members-email-help = Untuk yang tidak punya e-mail, pilih nama masuk seperti ana.reyes; lalu beri mereka jalan masuk.
members-access = Undang atau kata sandi baru
members-actions = Tindakan
signin-forgot = Lupa kata sandi?
signin-have-code = Saya punya kode
access-invite-heading = Undangan untuk { $name }
access-reset-heading = Kata sandi baru untuk { $name }
access-mailed = Tautan dikirim lewat e-mail ke { $email }. Berlaku sekali, selama 7 hari.
access-share-intro = Kirim tautan ini di obrolan grup, atau cetak kartu di bawah. Berlaku sekali, selama 7 hari; bagikan hanya kepada anggota ini.
access-link = Tautannya
access-card-title = Jalan masuk Anda ke Bayanihan
access-card-name = Nama
access-card-sign-in = Masuk dengan
access-card-code = Kode
access-card-where = Ketik kodenya di
access-card-until = Berlaku sampai
share-sms = SMS
mail-invite-subject = Undangan Anda ke Bayanihan
mail-invite-body =
    Halo { $name },

    Anda diundang memesan bersama kelompok Anda di Bayanihan. Pilih kata sandi di sini (tautan berlaku sekali, selama { $days } hari):

    { $url }

    Anda masuk dengan: { $signin }
    Atau ketik kode ini di halaman masuk: { $code }
mail-reset-subject = Kata sandi baru untuk Bayanihan
mail-reset-body =
    Halo { $name },

    pilih kata sandi baru di sini (tautan berlaku sekali, selama { $days } hari):

    { $url }

    Anda masuk dengan: { $signin }
    Atau ketik kode ini: { $code }

    Jika Anda tidak memintanya, abaikan: kata sandi Anda tetap.
join-welcome = Selamat datang, { $name }
join-reset = Kata sandi baru untuk { $name }
join-sign-in-with = Anda masuk dengan:
join-password = Pilih kata sandi (minimal 10 karakter; beberapa kata juga bagus)
join-submit = Simpan dan masuk
join-password-short = Kata sandi perlu minimal 10 karakter.
join-gone = Tautan ini tidak berlaku lagi
join-gone-text = Sudah dipakai, lebih dari 7 hari, atau sudah diganti yang baru. Minta yang baru kepada koordinator kelompok.
join-code-title = Masuk dengan kode
join-code-intro = Ketik kode dari kartu yang diberikan koordinator Anda.
join-code-submit = Lanjut
join-code-bad = Itu bukan kode: kode terdiri dari 16 huruf dan angka, seperti K7QF-92MX-4TZP-8H3D.
forgot-title = Lupa kata sandi
forgot-intro = Kami mengirim tautan lewat e-mail untuk memilih kata sandi baru. Tanpa e-mail? Minta kepada koordinator kelompok: mereka bisa memberi kode baru.
forgot-submit = Kirimi saya tautan
forgot-sent = Jika alamat ini punya akun, tautan sedang dikirim. Periksa e-mail Anda (juga folder spam).
share-cycle-title = Beri tahu kelompok
share-cycle-open-label = Pesanan dibuka:
share-cycle-closing-label = Segera ditutup:
share-cycle-open = { $cycle } dibuka untuk pesanan sampai { $time }. Pesan di sini: { $url }
share-cycle-closing = Panggilan terakhir: { $cycle } ditutup pada { $time }. Pesan atau ubah pesanan sekarang: { $url }
