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
signin-email = Alamat e-mail
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
shop-available = Tersedia { $count }
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
members-email = Alamat e-mail
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
