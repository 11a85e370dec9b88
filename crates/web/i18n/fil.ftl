## Bayanihan — Filipino

site-name = Bayanihan
skip-to-content = Lumaktaw sa nilalaman
nav-home = Simula
nav-directory = Direktoryo
nav-sign-in = Mag-sign in
nav-sign-out = Mag-sign out
nav-language = Wika
lang-switch = Palitan
footer-text = Bayanihan — software para sa ekonomiya ng pagtutulungan at pagkakaisa, pag-aari ng mga gumagamit nito.

landing-title = Maligayang pagdating sa Bayanihan
landing-intro = Ang plataporma ng isang network ng ekonomiyang panlipunan at pagkakaisa: mga kooperatiba ng prodyuser, self-help group, social enterprise at grupo ng mamimili na nagtutulungan sa kalakalan, na may mga presyong malinaw sa lahat.
landing-try = Tingnan ang direktoryo ng mga organisasyon, buksan ang tindahan ng isang ikot para makita kung saan napupunta ang bawat piso, o mag-sign in para umorder.
landing-open-cycles = Mga bukas na ikot ng order
landing-demo-title = Mga account para sa demo
landing-demo-intro = Demo ito na may kathang-isip na network. Pareho ang password ng lahat ng demo user.
landing-demo-email = E-mail
landing-demo-password = Password
landing-demo-who = Sino

signin-title = Mag-sign in
signin-email = E-mail address
signin-password = Password
signin-submit = Mag-sign in
signin-error-credentials = Mali ang e-mail address o ang password.
signin-error-too-many = Masyadong maraming subok. Maghintay muna ng { $seconds } segundo at subukan ulit.
signin-error-email = Pakilagay ang e-mail address, gaya ng maria@example.org.
error-csrf = Nag-expire na ang form na ito. Pakisubukan ulit.

directory-title = Direktoryo ng mga organisasyon
directory-count = { $count ->
   *[other] { $count } organisasyon
}
directory-filter-country = Bansa (code)
directory-filter-kind = Uri
directory-filter-any = Kahit ano
directory-filter-submit = I-filter
directory-col-name = Pangalan
directory-col-kind = Uri
directory-col-country = Bansa
directory-none = Walang organisasyong tugma sa mga filter na ito.
directory-bad-filter = Hindi tama ang mga filter na ito: { $reason }
page-next = Susunod na pahina
page-previous = Nakaraang pahina

org-kind = Uri
org-country = Bansa
org-region = Rehiyon
org-roles = Mga papel sa value chain
org-qualifiers = Mga katangian
org-currency = Pera
org-networks = Mga network at miyembro
org-products = Mga produkto

home-title = Kumusta, { $name }
home-open-cycles = Mga bukas na ikot na puwede mong orderan
home-no-open-cycles = Walang bukas na ikot para sa mga grupo mo ngayon.
home-run-cycles = Mga ikot na pinapatakbo ng hub mo
home-owed = Babayaran o tatanggapin pa
home-nothing-owed = Walang nakabinbin.

shop-title = Tindahan
shop-closes = Magsasara ang order sa { $time }
shop-delivery = Ihahatid sa { $date }
shop-closed = Sarado na ang ikot na ito.
shop-breakdown = Saan napupunta ang pera mo
shop-producer-gets = Sa { $total }, { $producer } ang napupunta sa prodyuser.
shop-total = Kabuuan
shop-available = May { $count } pa
shop-quantity = Dami
shop-group = Order para sa
shop-order-submit = Idagdag sa order ko
shop-sign-in-to-order = Mag-sign in para umorder.
shop-ordered = Naidagdag na sa order mo.
shop-my-order = Order ko
shop-no-offers = Wala pang inaalok sa ikot na ito.

order-title = Order ko
order-col-product = Produkto
order-col-quantity = Hiningi
order-col-allocated = Natanggap
order-col-total = Kabuuan
order-empty = Wala ka pang inorder sa ikot na ito.
order-estimated = Tantiya lang ang mga kabuuan hanggang magsara ang ikot at mahati ang supply.
order-cancel = Kanselahin

part-producer = Prodyuser
part-processing = Pagproseso
part-packing = Pag-iimpake
part-transport = Pagbiyahe
part-coordination = Koordinasyon
part-solidarity_fund = Pondong pandamayan
part-tax = Buwis

kind-producer_cooperative = Kooperatiba ng mga prodyuser
kind-worker_cooperative = Kooperatiba ng mga manggagawa
kind-consumer_cooperative = Kooperatiba ng mga mamimili
kind-multi_stakeholder_cooperative = Kooperatibang multi-stakeholder
kind-credit_cooperative = Kooperatiba sa pautang
kind-self_help_group = Self-help group
kind-social_enterprise = Social enterprise
kind-association = Samahan o NGO
kind-network = Network
kind-local_government_unit = Lokal na pamahalaan (LGU)
kind-private_company = Pribadong kompanya
kind-academic_institution = Institusyong akademiko

error-not-found = Hindi nakita
error-not-found-text = Walang pahina sa address na ito.
error-generic = May nangyaring mali. Walang na-save nang kalahati; pakisubukan ulit.

manage-title = Patakbuhin ang ikot
manage-link = Patakbuhin ang ikot na ito
manage-close = Isara na ang ikot ngayon
manage-clone = Kopyahin para sa susunod na linggo
manage-closed-now = Sarado na ang ikot: nahati na ang supply, at nagawa na ang mga invoice at statement.
manage-allocations = Ang hiningi at natanggap ng bawat linya
col-group = Grupo ng mamimili
col-product = Produkto
col-requested = Hiningi
col-allocated = Natanggap
col-reason = Bakit
manage-packing = Mga listahan ng iimpake
manage-packing-by-producer = Ayon sa prodyuser
manage-documents = Mga invoice at statement
doc-invoice = Invoice
doc-producer_statement = Statement ng prodyuser
doc-fee_statement = Statement ng mga singil
packing-title = Listahan ng iimpake
packing-no-pickup = Walang kuhanan
invoice-title = Invoice
statement-title = Statement
money-title = Pera
money-link = Pera
money-balances = Mga balanse
money-obligations = Babayaran o tatanggapin pa
money-due = Takdang araw
money-amount = Halaga
money-method = Paano ibinayad
money-reference = Reference (kung mayroon)
money-record = Itala ang bayad
money-recorded = Naitala na ang bayad.
money-none = Walang nakabinbin.
method-cash = Cash
method-bank_transfer = Bank transfer
method-mobile_money = Mobile money o e-wallet
account-receivable = Tatanggapin
account-payable = Babayaran
account-cash = Cash na natanggap o naibayad

members-title = Mga miyembro
members-link = Mga miyembro
members-col-name = Pangalan
members-col-roles = Mga papel
members-col-stakeholder = Uri ng stakeholder
members-add = Magdagdag ng miyembro
members-email = E-mail address
members-name = Pangalan (para sa bago)
members-role = Papel
members-stakeholder = Uri ng stakeholder
members-add-submit = Idagdag
members-added = Naidagdag na ang miyembro.
members-remove = Alisin
role-member = Miyembro
role-coordinator = Koordinador
role-treasurer = Ingat-yaman
role-admin = Administrador
stakeholder-producer = Prodyuser
stakeholder-consumer = Mamimili
stakeholder-worker = Manggagawa
stakeholder-supporter = Tagasuporta
network-overview = Buod ng network
network-inside = { $count ->
   *[other] { $count } organisasyon sa loob ng network na ito
}
network-outstanding = Nakabinbin sa pagitan ng mga organisasyon nito
newcycle-title = Magbukas ng ikot ng order
newcycle-link = Magbukas ng ikot ng order
newcycle-name = Pangalan
newcycle-policy = Kapag kulang ang supply
policy-first_come = Ang unang umorder ang unang mabibigyan
policy-pro_rata = Ayon sa proporsiyon ng hiningi ng bawat isa
policy-equal_share = Pantay na hati
newcycle-opens = Pagbukas ng order
newcycle-closes = Pagsara ng order
newcycle-delivery = Araw ng paghahatid
newcycle-pickup = Kuhanan (kung mayroon)
newcycle-producers = Mga prodyuser
newcycle-groups = Mga grupo ng mamimili
newcycle-submit = Buksan ang ikot

group-order-title = Order ng aming grupo
group-order-link = Order ng aming grupo
col-member = Miyembro
shop-only-left = { $count } na lang ang natitira. Pakibawasan ang hinihingi.

directory-filter-qualifier = Katangian
directory-filter-network = Network
