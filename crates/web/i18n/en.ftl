## Bayanihan — English

site-name = Bayanihan
skip-to-content = Skip to the content
nav-home = Home
nav-directory = Directory
nav-sign-in = Sign in
nav-sign-out = Sign out
nav-language = Language
lang-switch = Change
footer-text = Bayanihan — software for the social and solidarity economy, owned by those who use it.

landing-title = Welcome to Bayanihan
landing-intro = The platform a social and solidarity economy network runs on: producer cooperatives, self-help groups, social enterprises and consumer groups trading in solidarity, with prices everyone can see through.
landing-try = Browse the directory of organizations, open a cycle's shop to see where each peso goes, or sign in to order.
landing-open-cycles = Open order cycles
landing-demo-title = Demo sign-ins
landing-demo-intro = This is a demo with a fictional network. Every demo person has the same password.
landing-demo-email = E-mail
landing-demo-password = Password
landing-demo-who = Who

signin-title = Sign in
signin-email = E-mail address
signin-password = Password
signin-submit = Sign in
signin-error-credentials = The e-mail address or the password is not right.
signin-error-too-many = Too many attempts. Please wait { $seconds } seconds and try again.
signin-error-email = Please enter an e-mail address such as maria@example.org.
error-csrf = This form has expired. Please try again.

directory-title = Directory of organizations
directory-count = { $count ->
    [one] One organization
   *[other] { $count } organizations
}
directory-filter-country = Country (code)
directory-filter-kind = Kind
directory-filter-any = Any
directory-filter-submit = Filter
directory-col-name = Name
directory-col-kind = Kind
directory-col-country = Country
directory-none = No organization matches these filters.
directory-bad-filter = These filters are not valid: { $reason }
page-next = Next page
page-previous = Previous page

org-kind = Kind
org-country = Country
org-region = Region
org-roles = Roles in value chains
org-qualifiers = Qualifiers
org-currency = Currency
org-networks = Networks and members
org-products = Products

home-title = Hello, { $name }
home-open-cycles = Open cycles you can order in
home-no-open-cycles = No cycle is open for your groups right now.
home-run-cycles = Cycles your hub runs
home-owed = Still to pay or to receive
home-nothing-owed = Nothing is outstanding.

shop-title = Shop
shop-closes = Orders close { $time }
shop-delivery = Delivery on { $date }
shop-closed = This cycle is closed.
shop-breakdown = Where your money goes
shop-producer-gets = Of { $total } the producer gets { $producer }.
shop-total = Total
shop-available = { $count } available
shop-quantity = Quantity
shop-group = Order for
shop-order-submit = Add to my order
shop-sign-in-to-order = Sign in to order.
shop-ordered = Added to your order.
shop-my-order = My order
shop-no-offers = Nothing is offered in this cycle yet.

order-title = My order
order-col-product = Product
order-col-quantity = Asked
order-col-allocated = Received
order-col-total = Total
order-empty = You have not ordered anything in this cycle.
order-estimated = Totals are estimates until the cycle closes and supply is shared.
order-cancel = Cancel

part-producer = Producer
part-processing = Processing
part-packing = Packing
part-transport = Transport
part-coordination = Coordination
part-solidarity_fund = Solidarity fund
part-tax = Tax

kind-producer_cooperative = Producer cooperative
kind-worker_cooperative = Worker cooperative
kind-consumer_cooperative = Consumer cooperative
kind-multi_stakeholder_cooperative = Multi-stakeholder cooperative
kind-credit_cooperative = Credit cooperative
kind-self_help_group = Self-help group
kind-social_enterprise = Social enterprise
kind-association = Association or NGO
kind-network = Network
kind-local_government_unit = Local government unit
kind-private_company = Private company
kind-academic_institution = Academic institution

error-not-found = Not found
error-not-found-text = There is no page at this address.
error-generic = Something went wrong. Nothing was half-saved; please try again.

manage-title = Run the cycle
manage-link = Run this cycle
manage-close = Close the cycle now
manage-clone = Copy for next week
manage-closed-now = The cycle is closed: supply is shared, invoices and statements are made.
manage-allocations = What each line asked and received
col-group = Consumer group
col-product = Product
col-requested = Asked
col-allocated = Received
col-reason = Why
manage-packing = Packing lists
manage-packing-by-producer = By producer
manage-documents = Invoices and statements
doc-invoice = Invoice
doc-producer_statement = Producer statement
doc-fee_statement = Fee statement
packing-title = Packing list
packing-no-pickup = No pickup point
invoice-title = Invoice
statement-title = Statement
money-title = Money
money-link = Money
money-balances = Balances
money-obligations = Still to pay or to receive
money-due = Due
money-amount = Amount
money-method = How it was paid
money-reference = Reference (optional)
money-record = Record the payment
money-recorded = The payment is recorded.
money-none = Nothing is outstanding.
method-cash = Cash
method-bank_transfer = Bank transfer
method-mobile_money = Mobile money
account-receivable = To receive
account-payable = To pay
account-cash = Cash received or paid

members-title = Members
members-link = Members
members-col-name = Name
members-col-roles = Roles
members-col-stakeholder = Stake
members-add = Add a member
members-email = E-mail address
members-name = Name (for someone new)
members-role = Role
members-stakeholder = Stake
members-add-submit = Add
members-added = The member is added.
members-remove = Remove
role-member = Member
role-coordinator = Coordinator
role-treasurer = Treasurer
role-admin = Administrator
stakeholder-producer = Producer
stakeholder-consumer = Consumer
stakeholder-worker = Worker
stakeholder-supporter = Supporter
network-overview = Network overview
network-inside = { $count ->
    [one] One organization inside this network
   *[other] { $count } organizations inside this network
}
network-outstanding = Outstanding between its organizations
newcycle-title = Open an order cycle
newcycle-link = Open an order cycle
newcycle-name = Name
newcycle-policy = When supply is short
policy-first_come = First come, first served
policy-pro_rata = In proportion to what each asked
policy-equal_share = Equal shares
newcycle-opens = Orders open
newcycle-closes = Orders close
newcycle-delivery = Delivery day
newcycle-pickup = Pickup point (optional)
newcycle-producers = Producers
newcycle-groups = Consumer groups
newcycle-submit = Open the cycle

group-order-title = Our group's order
group-order-link = Our group's order
col-member = Member
shop-only-left = Only { $count } left. Please ask for fewer.

directory-filter-qualifier = Qualifier
directory-filter-network = Network

error-fields = Please check: { $fields }.
error-forbidden = Your role does not allow this.
members-error-exists = This person is already a member.
members-error-last-admin = An organization needs at least one administrator: make someone else administrator first.
money-error-too-much = Only { $amount } is still owed.
field-email = E-mail address
field-name = Name
field-quantity = Quantity
field-amount = Amount
field-method = How it was paid
field-roles = Role
field-stakeholder = Stake
field-policy = When supply is short
field-opens_at = Orders open
field-closes_at = Orders close
field-delivery_date = Delivery day
field-pickup_points = Pickup point
qualifier-organic = Organic
qualifier-agroecological = Agroecological
qualifier-fair-trade = Fair trade
qualifier-gender-equity = Gender equity
qualifier-indigenous-traditional = Indigenous / traditional
qualifier-peasant-family-farming = Peasant / family farming
qualifier-local = Local
qualifier-self-management = Self-management
qualifier-commons = Commons
qualifier-pgs-certified = PGS certified (participatory guarantee)
vcrole-producer = Producer
vcrole-processor = Processor
vcrole-hub = Hub
vcrole-consumer_group = Consumer group
vcrole-financier = Financier
vcrole-supporter = Supporter
