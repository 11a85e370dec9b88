## Bayanihan — Bahasa Melayu

site-name = Bayanihan
skip-to-content = Langkau ke kandungan
nav-home = Laman utama
nav-directory = Direktori
nav-sign-in = Log masuk
nav-sign-out = Log keluar
nav-language = Bahasa
lang-switch = Tukar
footer-text = Bayanihan — perisian untuk ekonomi sosial dan solidariti, dimiliki oleh penggunanya sendiri.

landing-title = Selamat datang ke Bayanihan
landing-intro = Platform untuk rangkaian ekonomi sosial dan solidariti: koperasi pengeluar, kumpulan bantu diri, perusahaan sosial dan kumpulan pengguna yang berniaga dengan semangat gotong-royong, dengan harga yang jelas kepada semua.
landing-try = Lihat direktori organisasi, buka kedai sesuatu kitaran untuk melihat ke mana setiap ringgit pergi, atau log masuk untuk membuat pesanan.
landing-open-cycles = Kitaran pesanan yang dibuka
landing-demo-title = Akaun demo
landing-demo-intro = Ini demo dengan rangkaian rekaan. Semua pengguna demo menggunakan kata laluan yang sama.
landing-demo-email = E-mel
landing-demo-password = Kata laluan
landing-demo-who = Siapa

signin-title = Log masuk
signin-email = Alamat e-mel atau nama log masuk
signin-password = Kata laluan
signin-submit = Log masuk
signin-error-credentials = Alamat e-mel atau kata laluan tidak betul.
signin-error-too-many = Terlalu banyak cubaan. Sila tunggu { $seconds } saat dan cuba lagi.
signin-error-email = Sila masukkan alamat e-mel seperti maria@example.org.
error-csrf = Borang ini sudah tamat tempoh. Sila cuba lagi.

directory-title = Direktori organisasi
directory-count = { $count ->
   *[other] { $count } organisasi
}
directory-filter-country = Negara (kod)
directory-filter-kind = Jenis
directory-filter-any = Semua
directory-filter-submit = Tapis
directory-col-name = Nama
directory-col-kind = Jenis
directory-col-country = Negara
directory-none = Tiada organisasi yang sepadan dengan tapisan ini.
directory-bad-filter = Tapisan ini tidak sah: { $reason }
page-next = Halaman seterusnya
page-previous = Halaman sebelumnya

org-kind = Jenis
org-country = Negara
org-region = Wilayah
org-roles = Peranan dalam rantaian nilai
org-qualifiers = Ciri-ciri
org-currency = Mata wang
org-networks = Rangkaian dan ahli
org-products = Produk

home-title = Helo, { $name }
home-open-cycles = Kitaran yang dibuka untuk anda membuat pesanan
home-no-open-cycles = Tiada kitaran yang dibuka untuk kumpulan anda sekarang.
home-run-cycles = Kitaran yang dikendalikan oleh hab anda
home-owed = Masih perlu dibayar atau diterima
home-nothing-owed = Tiada apa-apa yang tertunggak.

shop-title = Kedai
shop-closes = Pesanan ditutup { $time }
shop-delivery = Penghantaran pada { $date }
shop-closed = Kitaran ini sudah ditutup.
shop-breakdown = Ke mana wang anda pergi
shop-producer-gets = Daripada { $total }, pengeluar mendapat { $producer }.
shop-total = Jumlah
shop-quantity = Kuantiti
shop-group = Pesanan untuk
shop-order-submit = Tambah ke pesanan saya
shop-sign-in-to-order = Log masuk untuk membuat pesanan.
shop-ordered = Sudah ditambah ke pesanan anda.
shop-my-order = Pesanan saya
shop-no-offers = Belum ada apa-apa yang ditawarkan dalam kitaran ini.

order-title = Pesanan saya
order-col-product = Produk
order-col-quantity = Diminta
order-col-allocated = Diterima
order-col-total = Jumlah
order-empty = Anda belum memesan apa-apa dalam kitaran ini.
order-estimated = Jumlah ini masih anggaran sehingga kitaran ditutup dan bekalan dibahagikan.
order-cancel = Batal

part-producer = Pengeluar
part-processing = Pemprosesan
part-packing = Pembungkusan
part-transport = Pengangkutan
part-coordination = Penyelarasan
part-solidarity_fund = Tabung solidariti
part-tax = Cukai

kind-producer_cooperative = Koperasi pengeluar
kind-worker_cooperative = Koperasi pekerja
kind-consumer_cooperative = Koperasi pengguna
kind-multi_stakeholder_cooperative = Koperasi pelbagai pihak berkepentingan
kind-credit_cooperative = Koperasi kredit
kind-self_help_group = Kumpulan bantu diri
kind-social_enterprise = Perusahaan sosial
kind-association = Persatuan atau NGO
kind-network = Rangkaian
kind-local_government_unit = Pihak berkuasa tempatan
kind-private_company = Syarikat swasta
kind-academic_institution = Institusi akademik

error-not-found = Tidak dijumpai
error-not-found-text = Tiada halaman di alamat ini.
error-generic = Ada sesuatu yang tidak kena. Tiada apa-apa yang tersimpan separuh jalan; sila cuba lagi.

manage-title = Jalankan kitaran
manage-link = Jalankan kitaran ini
manage-close = Tutup kitaran sekarang
manage-clone = Salin untuk minggu depan
manage-closed-now = Kitaran sudah ditutup: bekalan sudah dibahagikan, invois dan penyata sudah disediakan.
manage-allocations = Apa yang diminta dan diterima bagi setiap baris
col-group = Kumpulan pengguna
col-product = Produk
col-requested = Diminta
col-allocated = Diterima
col-reason = Sebab
manage-packing = Senarai pembungkusan
manage-packing-by-producer = Mengikut pengeluar
manage-documents = Invois dan penyata
doc-invoice = Invois
doc-producer_statement = Penyata pengeluar
doc-fee_statement = Penyata yuran
packing-title = Senarai pembungkusan
packing-no-pickup = Tiada tempat pengambilan
invoice-title = Invois
statement-title = Penyata
money-title = Kewangan
money-link = Kewangan
money-balances = Baki
money-obligations = Masih perlu dibayar atau diterima
money-due = Tarikh akhir
money-amount = Amaun
money-method = Cara bayaran dibuat
money-reference = Nombor rujukan (tidak wajib)
money-record = Rekod bayaran
money-recorded = Bayaran sudah direkodkan.
money-none = Tiada apa-apa yang tertunggak.
method-cash = Tunai
method-bank_transfer = Pindahan bank
method-mobile_money = E-dompet
account-receivable = Akan diterima
account-payable = Perlu dibayar
account-cash = Tunai yang diterima atau dibayar

members-title = Ahli
members-link = Ahli
members-col-name = Nama
members-col-roles = Peranan
members-col-stakeholder = Pihak berkepentingan
members-add = Tambah ahli
members-email = Alamat e-mel atau nama log masuk
members-name = Nama (untuk orang baharu)
members-role = Peranan
members-stakeholder = Pihak berkepentingan
members-add-submit = Tambah
members-added = Ahli sudah ditambah.
members-remove = Keluarkan
role-member = Ahli
role-coordinator = Penyelaras
role-treasurer = Bendahari
role-admin = Pentadbir
stakeholder-producer = Pengeluar
stakeholder-consumer = Pengguna
stakeholder-worker = Pekerja
stakeholder-supporter = Penyokong
network-overview = Gambaran keseluruhan rangkaian
network-inside = { $count ->
   *[other] { $count } organisasi dalam rangkaian ini
}
network-outstanding = Tertunggak antara organisasi dalam rangkaian ini
newcycle-title = Buka kitaran pesanan
newcycle-link = Buka kitaran pesanan
newcycle-name = Nama
newcycle-policy = Apabila bekalan tidak mencukupi
policy-first_come = Siapa cepat, dia dapat
policy-pro_rata = Mengikut nisbah permintaan masing-masing
policy-equal_share = Bahagian sama rata
newcycle-opens = Pesanan dibuka
newcycle-closes = Pesanan ditutup
newcycle-delivery = Hari penghantaran
newcycle-pickup = Tempat pengambilan (tidak wajib)
newcycle-producers = Pengeluar
newcycle-groups = Kumpulan pengguna
newcycle-submit = Buka kitaran

group-order-title = Pesanan kumpulan kami
group-order-link = Pesanan kumpulan kami
col-member = Ahli
shop-only-left = Tinggal { $count } sahaja. Sila minta kurang.

directory-filter-qualifier = Kelayakan
directory-filter-network = Rangkaian

error-fields = Sila semak: { $fields }.
error-forbidden = Peranan anda tidak membenarkan tindakan ini.
error-forbidden-text = Jika anda memerlukannya, minta pentadbir organisasi memberi anda peranan untuknya.
error-conflict = Ini bercanggah dengan yang sudah direkodkan.
members-error-exists = Orang ini sudah menjadi ahli.
members-error-last-admin = Setiap organisasi perlu mempunyai sekurang-kurangnya seorang pentadbir: jadikan orang lain pentadbir terlebih dahulu.
money-error-too-much = Hanya { $amount } yang masih perlu dibayar.
field-email = Alamat e-mel
field-name = Nama
field-quantity = Kuantiti
field-amount = Amaun
field-method = Cara bayaran dibuat
field-roles = Peranan
field-stakeholder = Pihak berkepentingan
field-policy = Apabila bekalan tidak mencukupi
field-opens_at = Pesanan dibuka
field-closes_at = Pesanan ditutup
field-delivery_date = Hari penghantaran
field-pickup_points = Tempat pengambilan
qualifier-organic = Organik
qualifier-agroecological = Agroekologi
qualifier-fair-trade = Perdagangan adil (fair trade)
qualifier-gender-equity = Kesaksamaan gender
qualifier-indigenous-traditional = Orang asal / tradisional
qualifier-peasant-family-farming = Pertanian petani kecil / keluarga
qualifier-local = Tempatan
qualifier-self-management = Pengurusan kendiri
qualifier-commons = Milik bersama (commons)
qualifier-pgs-certified = Diperakui PGS (jaminan penyertaan)
vcrole-producer = Pengeluar
vcrole-processor = Pemproses
vcrole-hub = Hab
vcrole-consumer_group = Kumpulan pengguna
vcrole-financier = Pembiaya
vcrole-supporter = Penyokong

# Impact reports
report-title = Laporan impak
report-period = Tempoh
report-before = Tempoh sebelumnya
report-money-goes = Ke mana wang pengguna pergi
report-figures = Penunjuk
report-indicator = Penunjuk
report-trend = Nilai dibayar kepada pengeluar dari semasa ke semasa
report-by-country = Mengikut negara
report-by-chain = Mengikut rantaian nilai
report-factors = Faktor pelepasan
report-scope = Laporan bagi
report-show = Papar
report-csv = Muat turun CSV
report-json = Muat turun JSON
report-suppressed = Angka tentang kurang daripada { $threshold } orang tidak dipaparkan; tertulis "<{ $threshold }".
report-money-flow = Aliran wang
report-people = orang
report-not-said = tidak dinyatakan
nav-reports = Laporan impak
group-women = Wanita
group-youth = Belia (bawah 30)
group-elderly = Warga emas (60 ke atas)
group-disability = Orang kurang upaya
group-informal_sector = Isi rumah sektor tidak formal
group-overseas_worker = Isi rumah pekerja luar negara
gender-woman = Wanita
gender-man = Lelaki
gender-non_binary = Bukan binari
gender-prefer_not_to_say = Memilih tidak menyatakan
category-rice = Beras
category-grains = Bijirin
category-pulses = Kekacang
category-vegetables = Sayur-sayuran
category-fruit = Buah-buahan
category-coffee = Kopi
category-cacao = Koko
category-tea = Teh
category-spices = Rempah ratus
category-dairy = Tenusu
category-eggs = Telur
category-meat = Daging
category-fish = Ikan dan makanan laut
category-processed_food = Makanan diproses
category-handicrafts = Kraf tangan
category-textiles = Tekstil
category-other = Lain-lain

# Clearing rounds
clearing-link = Pusingan penjelasan
clearing-title = Penjelasan hutang
clearing-explain = Pusingan penjelasan membatalkan hutang yang berpusing antara organisasi rangkaian tanpa wang berpindah. Kedudukan bersih setiap organisasi kekal sama.
clearing-currency = Mata wang
clearing-propose = Cadangkan pusingan
clearing-rounds = Pusingan
clearing-none = Belum ada pusingan.
clearing-round = Pusingan penjelasan
clearing-status = Status
clearing-proposed = Dicadangkan
clearing-total = Hutang yang dikira
clearing-cleared = Dijelaskan tanpa wang
clearing-effects = Kesan kepada setiap organisasi
clearing-org = Organisasi
clearing-owes = Berhutang (sebelum → selepas)
clearing-owed = Dihutang (sebelum → selepas)
clearing-saved = Kecairan dijimat
clearing-net-unchanged = Hutang yang diterima tolak hutang yang dibayar sama sebelum dan selepas.
clearing-apply = Laksanakan pusingan ini
clearing-discard = Buang
clearing-applied = Pusingan dilaksanakan: tolakan dicatat untuk setiap organisasi.
clearing-discarded = Pusingan dibuang.
clearing-stale = Ada obligasi yang dibayar atau berubah sejak pusingan dicadangkan. Cadangkan pusingan baharu.
clearing-closed = Pusingan ini sudah dilaksanakan atau dibuang.
clearing-bad-currency = Pilih kod mata wang seperti MYR.
round-proposed = dicadangkan
round-applied = dilaksanakan
round-discarded = dibuang
round-stale = lapuk: cadangkan semula

# Packaging returns
manage-report = Impak kitaran ini
manage-returns = Pembungkusan yang dipulangkan
manage-returned-units = Bilangan dipulangkan
manage-record-returns = Rekod
manage-returned = Pembungkusan yang dipulangkan direkodkan.
manage-returned-bad = Isi bilangan dipulangkan, nombor bulat dari 1.

# Impact data
impact-data-link = Data impak
impact-data-title = Data impak
impact-data-report = Laporan impak organisasi ini
impact-data-jobs = Pekerjaan
impact-data-fte = Setara sepenuh masa (cth. 3.5)
impact-data-gender = Jantina
impact-data-from = Dari
impact-data-to = Hingga
impact-data-declare = Isytihar
impact-data-prices = Harga pasaran rujukan
impact-data-prices-note = Harga produk yang sama di pasaran tempatan, untuk penunjuk premium harga. Isi sebelum kitarannya ditutup.
impact-data-price = Harga satu unit
impact-data-region = Wilayah (kosong: mana-mana)
impact-data-source = Sumber
impact-data-record = Rekod
impact-data-saved = Disimpan.
impact-data-bad-dates = Semak tarikh: tamat tidak boleh sebelum mula.
impact-data-bad-fte = Isi FTE sebagai nombor melebihi sifar dengan paling banyak dua perpuluhan.
impact-data-bad-price = Isi harga satu unit, melebihi sifar.
impact-data-bad-source = Nyatakan sumber harga.

# Transport modes
mode-hgv = Kenderaan barang berat
mode-truck_small = Lori kecil (3.5–7.5 t)
mode-truck_medium = Lori sederhana (7.5–17 t)
mode-truck_large = Lori besar (melebihi 17 t)
mode-articulated = Lori treler
mode-van = Van
mode-rail = Kereta api
mode-ship_general = Kapal kargo am
mode-ship_container = Kapal kontena
mode-ferry_roro = Feri RoRo
mode-motorbike = Motosikal
mode-boat_small = Bot kecil
mode-on_foot = Berjalan kaki
mode-bicycle = Basikal

# Network links (consent of both sides)
links-title = Hubungan dengan rangkaian
links-saved = Disimpan. Hubungan baharu dikira selepas pihak satu lagi menerimanya.
link-status-invited = dijemput, menunggu pentadbir organisasi
link-status-applied = memohon, menunggu pentadbir rangkaian
link-status-active = ahli
link-status-suspended = digantung
link-status-ended = tamat
link-accept = Terima
link-decline = Tolak
link-reactivate = Tarik balik penggantungan
link-suspend = Gantung
link-end = Tamatkan keahlian
link-confirm = Ya, tamatkan
link-confirm-needed = Sila sahkan
link-confirm-needed-text = Menamatkan keahlian dalam rangkaian menghapuskan apa yang dikongsinya. Tandakan "Ya, tamatkan" dan hantar semula.
link-invite-into = Jemput organisasi ini ke dalam
link-invite = Hantar jemputan
link-apply-for = Mohon menyertai rangkaian ini bagi pihak
link-apply = Mohon

## Bercanggah dengan yang direkodkan (conflict-<kind>)
conflict-offers-closed = Kitaran ini sudah ditutup: tawaran tidak boleh ditambah lagi.
conflict-withdrawals-closed = Kitaran ini sudah ditutup: tawarannya tidak boleh ditarik balik lagi.
conflict-lines-closed = Kitaran ini sudah ditutup: pesanan tidak boleh diubah lagi.
conflict-not-taking-orders = Kitaran ini tidak menerima pesanan sekarang.
conflict-stock-left = Tawaran ini tinggal { $left } sahaja; anda meminta { $asked }.
conflict-listed-twice = Ada organisasi yang disenaraikan dua kali dalam peranan yang sama.
conflict-cannot-close = Kitaran ini tidak boleh ditutup: { $reason }
conflict-more-than-owed = Hanya { $owed } yang masih perlu dibayar bagi obligasi ini.
conflict-ledger = Buku akaun tidak dapat merekodkan ini: { $reason }
conflict-invoices-not-yet = Invois dibuat apabila kitaran ditutup.
conflict-statements-not-yet = Penyata dibuat apabila kitaran ditutup.
conflict-not-delivered-yet = Pembungkusan yang dipulangkan boleh direkodkan selepas kitaran ditutup dan dihantar.
conflict-email-taken = Sudah ada orang berdaftar dengan alamat e-mel { $email }.
conflict-already-member = Orang ini sudah menjadi ahli.
conflict-last-admin = Setiap organisasi perlu mempunyai sekurang-kurangnya seorang pentadbir: jadikan orang lain pentadbir terlebih dahulu.
conflict-link-already-invited = Organisasi ini sudah dijemput; pentadbirnya belum menjawab.
conflict-link-already-applied = Organisasi ini sudah memohon; pentadbir rangkaian belum menjawab.
conflict-link-already-member = Organisasi ini sudah menjadi ahli rangkaian.
conflict-link-ended = Hubungan ini sudah tamat; jemput organisasi itu (atau mohon) semula.
conflict-link-not-active = Hanya keahlian yang aktif boleh digantung.
conflict-not-clearable = Obligasi ini tidak boleh dijelaskan: { $reason }
conflict-round-too-large = Jumlah dalam pusingan ini terlalu besar untuk direkodkan.
conflict-round-stale = Ada obligasi yang dibayar atau berubah sejak pusingan dicadangkan. Cadangkan pusingan baharu.
conflict-round-decided = Pusingan ini sudah { $status }.
conflict-overflow = Jumlahnya terlalu besar untuk direkodkan.
conflict-request-in-progress = Permintaan yang sama masih diproses: tunggu sebentar dan cuba lagi.

## Mengapa baris mendapat jumlah ini (reason-<basis>)
reason-full = Bekalan mencukupi permintaan setiap baris pada peringkat keutamaan ini dan semua peringkat sebelumnya.
reason-first-come-none = Bekalan tidak cukup: baris dilayan mengikut urutan pesanan, dan tiada yang tinggal apabila tiba giliran baris ini.
reason-first-come = Bekalan tidak cukup: baris dilayan mengikut urutan pesanan, dan tinggal { $remaining } apabila tiba giliran baris ini.
reason-pro-rata = Bekalan tidak cukup: dibahagi mengikut kadar permintaan setiap baris ({ $supply } daripada { $demand } yang diminta peringkat ini).
reason-equal-share = Bekalan tidak cukup: dibahagi sama rata, setiap baris mendapat permintaannya sehingga { $level }.
reason-bonus = Baris ini juga mendapat satu daripada unit yang berbaki.
reason-tier-exhausted = Bekalan habis sebelum peringkat keutamaan { $tier }: peringkat lebih tinggi mengambil semuanya, jadi baris ini tidak mendapat apa-apa.
cycle-status-open = dibuka
cycle-status-closed = ditutup

## Closing a cycle, after a confirmation
manage-close-review = Semak dan tutup kitaran…
close-confirm-title = Tutup kitaran?
close-confirm-intro = Menutup kitaran membahagikan bekalan, membuat invois dan penyata, dan merekodkan hutang setiap organisasi. Jika ditutup sekarang:
close-confirm-lines = { $count } baris pesanan diagihkan
close-confirm-units = { $allocated } daripada { $requested } unit yang diminta diberikan
close-confirm-invoices = { $count } invois dikeluarkan, { $total } semuanya
close-confirm-obligations = { $count } hutang antara organisasi direkodkan
close-confirm-short = Tidak cukup untuk semua: ini dibahagi mengikut peraturan kitaran
close-confirm-short-line = { $product }: { $given } daripada { $asked } yang diminta
close-confirm-final = Ini tidak boleh dibatalkan: ahli tidak lagi boleh mengubah pesanan mereka.
close-confirm-back = Bukan sekarang: kembali ke kitaran

## Confirming what cannot be undone
clearing-decide-note = Melaksanakan merekodkan setiap tolakan di atas sebagai bayaran; membuang menggugurkan pusingan. Kedua-duanya tidak boleh dibatalkan.
clearing-confirm-apply = Ya, laksanakan tolakan ini
clearing-confirm-discard = Ya, buang pusingan ini
members-confirm-remove = Ya, keluarkan
confirm-needed = Sila sahkan
confirm-needed-text = Ini tidak boleh dibatalkan. Tandakan kotak di sebelah butang dan hantar semula.

## Money in words
money-owes-you = { $who } berhutang kepada anda { $amount }
money-owes-you-for = { $who } berhutang kepada anda { $amount } untuk { $cycle }
money-you-owe = Anda berhutang kepada { $who } { $amount }
money-you-owe-for = Anda berhutang kepada { $who } { $amount } untuk { $cycle }
money-net-owed = Semuanya, { $who } berhutang kepada anda { $amount }
money-net-owe = Semuanya, anda berhutang kepada { $who } { $amount }
money-net-even = Anda dan { $who } seimbang
money-overdue = lewat tempoh
money-document = invois atau penyata
money-confirm-pay = Ya, rekodkan: bayaran tidak diubah selepas itu

## The basket on the shop page
shop-basket = Pesanan anda dalam kitaran ini
shop-change = Ubah
shop-basket-note = Tetapkan kuantiti 0 untuk mengeluarkan produk. Memesan produk sekali lagi menambah barisnya.
money-history = Sejarah bayaran
money-no-payments = Belum ada bayaran yang direkodkan.
money-paid-you = { $who } membayar anda { $amount }
money-you-paid = Anda membayar { $who } { $amount }
money-reversal = Pembalikan bayaran terdahulu
money-reversed = dibalikkan
money-set-off = Ditolak dalam pusingan penjelasan
money-round = pusingannya
money-recorded-by = direkodkan oleh
money-reverse = Balikkan bayaran ini
money-confirm-reverse = Ya, balikkan: jumlah itu terhutang semula, dan kedua-dua catatan kekal dalam sejarah
money-reversed-notice = Bayaran telah dibalikkan: jumlahnya terhutang semula.
conflict-payment-reversed = Bayaran ini telah pun dibalikkan.
conflict-not-reversible = Hanya bayaran wang boleh dibalikkan. Tolakan milik pusingan penjelasannya; untuk membatalkan pembalikan, rekodkan bayaran itu semula.
col-household = Isi rumah
doc-households = Mengikut isi rumah
doc-household-group = Ditempah oleh kumpulan
doc-number = Nombor
doc-issued = Dikeluarkan
doc-due = Tarikh akhir
doc-paid = Telah dibayar sepenuhnya
doc-unpaid = Belum dibayar: { $amount } masih terhutang
doc-how-to-pay = Cara membayar
doc-csv = Muat turun sebagai CSV
doc-print = Untuk mencetak, gunakan Cetak pada pelayar: halaman dicetak tanpa menunya.
doc-parties = Daripada { $from } kepada { $to }
field-description = Keterangan
field-category = Kategori
field-unit = Unit jualan
field-unit_mass_kg = Berat satu unit (kg)
field-packaging = Pembungkusan
field-qualifiers = Ciri-ciri
packaging-returnable = Boleh dipulangkan (peti, balang, guni yang dikembalikan)
packaging-single_use = Guna sekali
packaging-none = Tanpa pembungkusan
catalogue-title = Produk
catalogue-manage = Tambah atau sunting produk
catalogue-see = Lihat semua produk
catalogue-empty = Belum ada produk.
catalogue-add = Tambah produk
catalogue-add-button = Tambah produk ini
catalogue-edit = Sunting produk
catalogue-save = Simpan perubahan
catalogue-saved = Produk telah disimpan.
catalogue-photo = Foto
catalogue-photo-choose = Sekeping foto (JPEG atau PNG; dikecilkan untuk sambungan perlahan)
catalogue-photo-upload = Muat naik foto
catalogue-photo-saved = Foto telah disimpan.
catalogue-photo-removed = Foto telah dibuang.
catalogue-photo-remove = Buang foto
catalogue-photo-confirm-remove = Ya, buang foto
catalogue-unit-example = beg 5 kg
catalogue-packaging-unsaid = Tidak dinyatakan
conflict-below-ordered = { $ordered } unit tawaran ini telah ditempah: kuantiti tidak boleh kurang daripada itu.
field-producer_price = Harga pengeluar seunit
field-fees = Yuran
field-distance_km = Jarak (km)
field-product_id = Produk
offers-title = Tawaran dan tempahan setakat ini
offers-none = Belum ada tawaran: tambah yang pertama di bawah.
offers-status = { $available } tersedia, { $asked } diminta setakat ini — { $given } diberi jika ditutup sekarang
offers-add = Tambah tawaran
offers-add-button = Tambah tawaran ini
offers-no-products = Pengeluar kitaran ini belum ada produk: mereka menambahnya di halaman katalog mereka.
offers-fees = Yuran di atas harga pengeluar
offers-fees-help = Biarkan jumlah kosong bagi yuran yang tidak diperlukan.
offers-fee-kind = Untuk apa
offers-fee-amount = Jumlah
offers-fee-basis = Dikira
offers-per-unit = seunit
offers-percent = peratus harga pengeluar
offers-fee-recipient = Dibayar kepada
offers-transport = Pengangkutan ke titik ambil
offers-transport-none = Tidak dinyatakan
offers-distance = Jarak dalam km (kosong: daripada peta)
offers-save = Simpan tawaran
offers-withdraw = Tarik balik tawaran
offers-confirm-withdraw = Ya, tarik balik: tempahan padanya dibatalkan
offers-added = Tawaran telah ditambah.
offers-changed = Tawaran telah disimpan.
offers-withdrawn = Tawaran telah ditarik balik.
offers-line-changed = Tempahan telah diubah.
offers-lines = Tempahan setakat ini
offers-lines-help = Apa yang setiap tempahan akan dapat jika kitaran ditutup sekarang, mengikut peraturan kitaran apabila bekalan kurang. Penyelaras kumpulan boleh mengubah tempahannya di sini.
offers-no-lines = Belum ada yang menempah.
offers-col-projected = Dapat sekarang
cycle-edit = Nama dan tarikh
cycle-edit-save = Simpan nama dan tarikh
cycle-edited = Nama dan tarikh telah disimpan.
shop-left-first-come = Tinggal { $left } — siapa cepat dia dapat: tempahan lebih daripada itu ditolak
shop-fair-share = { $available } tersedia, { $asked } diminta setakat ini — jika permintaan melebihi bekalan, semua dapat bahagian yang adil semasa ditutup
shop-fair-share-short = { $available } tersedia, { $asked } diminta setakat ini — anda akan dapat bahagian yang adil
nav-my-orders = Tempahan saya
my-orders-title = Tempahan saya
my-orders-none = Anda belum menempah dalam mana-mana kitaran.
my-orders-asked = diminta { $asked }
my-orders-got = diminta { $asked }, dapat { $got }:
my-orders-share = Bahagian anda daripada invois kumpulan: { $amount } daripada { $total }
my-orders-estimate = Setakat ini: { $amount } (muktamad apabila kitaran ditutup)
members-email-help = Bagi yang tiada e-mel, pilih nama log masuk seperti ana.reyes; kemudian beri mereka jalan masuk.
members-access = Jemput atau kata laluan baharu
members-actions = Tindakan
signin-forgot = Terlupa kata laluan?
signin-have-code = Saya ada kod
access-invite-heading = Jemputan untuk { $name }
access-reset-heading = Kata laluan baharu untuk { $name }
access-mailed = Pautan dihantar melalui e-mel ke { $email }. Sah sekali, selama 7 hari.
access-share-intro = Hantar pautan ini dalam sembang kumpulan, atau cetak kad di bawah. Sah sekali, selama 7 hari; kongsi dengan ahli ini sahaja.
access-link = Pautannya
access-card-title = Jalan masuk anda ke Bayanihan
access-card-name = Nama
access-card-sign-in = Log masuk dengan
access-card-code = Kod
access-card-where = Taip kod di
access-card-until = Sah sehingga
share-sms = SMS
mail-invite-subject = Jemputan anda ke Bayanihan
mail-invite-body =
    Helo { $name },

    anda dijemput menempah bersama kumpulan anda di Bayanihan. Pilih kata laluan di sini (pautan sah sekali, selama { $days } hari):

    { $url }

    Anda log masuk dengan: { $signin }
    Atau taip kod ini di halaman log masuk: { $code }
mail-reset-subject = Kata laluan baharu untuk Bayanihan
mail-reset-body =
    Helo { $name },

    pilih kata laluan baharu di sini (pautan sah sekali, selama { $days } hari):

    { $url }

    Anda log masuk dengan: { $signin }
    Atau taip kod ini: { $code }

    Jika anda tidak memintanya, abaikan: kata laluan anda kekal.
join-welcome = Selamat datang, { $name }
join-reset = Kata laluan baharu untuk { $name }
join-sign-in-with = Anda log masuk dengan:
join-password = Pilih kata laluan (sekurang-kurangnya 10 aksara; beberapa perkataan pun baik)
join-submit = Simpan dan masuk
join-password-short = Kata laluan perlu sekurang-kurangnya 10 aksara.
join-gone = Pautan ini tidak lagi sah
join-gone-text = Sudah digunakan, lebih 7 hari, atau diganti yang baharu. Minta yang baharu daripada penyelaras kumpulan.
join-code-title = Masuk dengan kod
join-code-intro = Taip kod daripada kad yang diberi penyelaras anda.
join-code-submit = Teruskan
join-code-bad = Itu bukan kod: kod mempunyai 16 huruf dan angka, seperti K7QF-92MX-4TZP-8H3D.
forgot-title = Terlupa kata laluan
forgot-intro = Kami hantar pautan melalui e-mel untuk memilih kata laluan baharu. Tiada e-mel? Minta daripada penyelaras kumpulan: mereka boleh beri kod baharu.
forgot-submit = Hantar pautan kepada saya
forgot-sent = Jika alamat ini mempunyai akaun, pautan sedang dihantar. Semak e-mel anda (termasuk folder spam).
share-cycle-title = Beritahu kumpulan
share-cycle-open-label = Tempahan dibuka:
share-cycle-closing-label = Akan ditutup:
share-cycle-open = { $cycle } dibuka untuk tempahan sehingga { $time }. Tempah di sini: { $url }
share-cycle-closing = Panggilan terakhir: { $cycle } ditutup pada { $time }. Tempah atau ubah tempahan sekarang: { $url }
