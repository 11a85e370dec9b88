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
signin-email = Alamat e-mel
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
shop-available = { $count } tersedia
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
members-email = Alamat e-mel
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
