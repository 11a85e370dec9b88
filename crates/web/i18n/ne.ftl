## Bayanihan — नेपाली

site-name = Bayanihan
skip-to-content = मुख्य भागमा जानुहोस्
nav-home = गृहपृष्ठ
nav-directory = संस्था सूची
nav-sign-in = लग इन
nav-sign-out = लग आउट
nav-language = भाषा
lang-switch = बदल्नुहोस्
footer-text = Bayanihan — सामाजिक तथा ऐक्यबद्ध अर्थतन्त्रका लागि सफ्टवेयर, जसको स्वामित्व यसलाई प्रयोग गर्नेहरूकै हातमा छ।

landing-title = Bayanihan मा स्वागत छ
landing-intro = सामाजिक तथा ऐक्यबद्ध अर्थतन्त्रको सञ्जाल चलाउने प्लेटफर्म: उत्पादक सहकारी, स्वयं सहायता समूह, सामाजिक उद्यम र उपभोक्ता समूहहरू एकअर्कालाई साथ दिँदै कारोबार गर्छन्, र मूल्य सबैले प्रस्ट देख्न सक्छन्।
landing-try = संस्थाहरूको सूची हेर्नुहोस्, प्रत्येक रुपैयाँ कहाँ जान्छ भनेर हेर्न कुनै चक्रको पसल खोल्नुहोस्, वा अर्डर गर्न लग इन गर्नुहोस्।
landing-open-cycles = खुला अर्डर चक्रहरू
landing-demo-title = डेमो लग इन
landing-demo-intro = यो काल्पनिक सञ्जाल भएको डेमो हो। डेमोका सबै व्यक्तिको पासवर्ड एउटै छ।
landing-demo-email = इमेल
landing-demo-password = पासवर्ड
landing-demo-who = को

signin-title = लग इन
signin-email = इमेल ठेगाना
signin-password = पासवर्ड
signin-submit = लग इन गर्नुहोस्
signin-error-credentials = इमेल ठेगाना वा पासवर्ड मिलेन।
signin-error-too-many = धेरै पटक प्रयास भयो। कृपया { $seconds } सेकेन्ड पर्खेर फेरि प्रयास गर्नुहोस्।
signin-error-email = कृपया maria@example.org जस्तो इमेल ठेगाना लेख्नुहोस्।
error-csrf = यो फारामको समय सकियो। कृपया फेरि प्रयास गर्नुहोस्।

directory-title = संस्थाहरूको सूची
directory-count = { $count ->
    [one] एउटा संस्था
   *[other] { $count } वटा संस्था
}
directory-filter-country = देश (कोड)
directory-filter-kind = प्रकार
directory-filter-any = जुनसुकै
directory-filter-submit = छान्नुहोस्
directory-col-name = नाम
directory-col-kind = प्रकार
directory-col-country = देश
directory-none = यी छनोटसँग मिल्ने कुनै संस्था छैन।
directory-bad-filter = यी छनोट मिलेनन्: { $reason }
page-next = अर्को पृष्ठ
page-previous = अघिल्लो पृष्ठ

org-kind = प्रकार
org-country = देश
org-region = क्षेत्र
org-roles = मूल्य शृङ्खलामा भूमिका
org-qualifiers = विशेषता
org-currency = मुद्रा
org-networks = सञ्जाल र सदस्यहरू
org-products = उत्पादनहरू

home-title = नमस्ते, { $name }
home-open-cycles = तपाईंले अर्डर गर्न सक्ने खुला चक्रहरू
home-no-open-cycles = अहिले तपाईंका समूहहरूका लागि कुनै चक्र खुला छैन।
home-run-cycles = तपाईंको हबले चलाउने चक्रहरू
home-owed = तिर्न वा पाउन बाँकी
home-nothing-owed = केही पनि बाँकी छैन।

shop-title = पसल
shop-closes = अर्डर { $time } मा बन्द हुन्छ
shop-delivery = { $date } मा डेलिभरी
shop-closed = यो चक्र बन्द भइसकेको छ।
shop-breakdown = तपाईंको पैसा कहाँ जान्छ
shop-producer-gets = { $total } मध्ये उत्पादकले { $producer } पाउँछन्।
shop-total = जम्मा
shop-available = { $count } उपलब्ध
shop-quantity = मात्रा
shop-group = कसका लागि अर्डर
shop-order-submit = मेरो अर्डरमा थप्नुहोस्
shop-sign-in-to-order = अर्डर गर्न लग इन गर्नुहोस्।
shop-ordered = तपाईंको अर्डरमा थपियो।
shop-my-order = मेरो अर्डर
shop-no-offers = यो चक्रमा अहिलेसम्म केही राखिएको छैन।

order-title = मेरो अर्डर
order-col-product = सामान
order-col-quantity = मागेको
order-col-allocated = पाएको
order-col-total = जम्मा
order-empty = तपाईंले यो चक्रमा अहिलेसम्म केही अर्डर गर्नुभएको छैन।
order-estimated = चक्र बन्द भएर सामान बाँडफाँड नहुन्जेल जम्मा रकम अनुमान मात्र हो।
order-cancel = रद्द गर्नुहोस्

part-producer = उत्पादक
part-processing = प्रशोधन
part-packing = प्याकिङ
part-transport = ढुवानी
part-coordination = समन्वय
part-solidarity_fund = ऐक्यबद्धता कोष
part-tax = कर

kind-producer_cooperative = उत्पादक सहकारी
kind-worker_cooperative = श्रमिक सहकारी
kind-consumer_cooperative = उपभोक्ता सहकारी
kind-multi_stakeholder_cooperative = बहुसरोकारवाला सहकारी
kind-credit_cooperative = बचत तथा ऋण सहकारी
kind-self_help_group = स्वयं सहायता समूह
kind-social_enterprise = सामाजिक उद्यम
kind-association = संघसंस्था वा गैरसरकारी संस्था
kind-network = सञ्जाल
kind-local_government_unit = स्थानीय तह
kind-private_company = निजी कम्पनी
kind-academic_institution = शैक्षिक संस्था

error-not-found = भेटिएन
error-not-found-text = यो ठेगानामा कुनै पृष्ठ छैन।
error-generic = केही गडबड भयो। कुनै कुरा आधा मात्र सेभ भएको छैन; कृपया फेरि प्रयास गर्नुहोस्।

manage-title = चक्र चलाउनुहोस्
manage-link = यो चक्र चलाउनुहोस्
manage-close = चक्र अहिले नै बन्द गर्नुहोस्
manage-clone = अर्को हप्ताका लागि कपी गर्नुहोस्
manage-closed-now = चक्र बन्द भयो: सामान बाँडफाँड भयो, बिल र हिसाब विवरणहरू बने।
manage-allocations = हरेक लाइनमा मागेको र पाएको
col-group = उपभोक्ता समूह
col-product = सामान
col-requested = मागेको
col-allocated = पाएको
col-reason = किन
manage-packing = प्याकिङ सूची
manage-packing-by-producer = उत्पादक अनुसार
manage-documents = बिल र हिसाब विवरण
doc-invoice = बिल
doc-producer_statement = उत्पादकको हिसाब विवरण
doc-fee_statement = शुल्कको हिसाब विवरण
packing-title = प्याकिङ सूची
packing-no-pickup = सामान लिने ठाउँ तोकिएको छैन
invoice-title = बिल
statement-title = हिसाब विवरण
money-title = पैसा
money-link = पैसा
money-balances = बाँकी रकम
money-obligations = तिर्न वा पाउन बाँकी
money-due = अन्तिम मिति
money-amount = रकम
money-method = कसरी तिरियो
money-reference = सन्दर्भ नम्बर (चाहेमा)
money-record = भुक्तानी दर्ता गर्नुहोस्
money-recorded = भुक्तानी दर्ता भयो।
money-none = केही पनि बाँकी छैन।
method-cash = नगद
method-bank_transfer = बैंक ट्रान्सफर
method-mobile_money = मोबाइल वालेट
account-receivable = पाउन बाँकी
account-payable = तिर्न बाँकी
account-cash = पाएको वा तिरेको नगद

members-title = सदस्यहरू
members-link = सदस्यहरू
members-col-name = नाम
members-col-roles = भूमिकाहरू
members-col-stakeholder = सरोकारवाला वर्ग
members-add = सदस्य थप्नुहोस्
members-email = इमेल ठेगाना
members-name = नाम (नयाँ व्यक्तिका लागि)
members-role = भूमिका
members-stakeholder = सरोकारवाला वर्ग
members-add-submit = थप्नुहोस्
members-added = सदस्य थपियो।
members-remove = हटाउनुहोस्
role-member = सदस्य
role-coordinator = संयोजक
role-treasurer = कोषाध्यक्ष
role-admin = प्रशासक
stakeholder-producer = उत्पादक
stakeholder-consumer = उपभोक्ता
stakeholder-worker = श्रमिक
stakeholder-supporter = समर्थक
network-overview = सञ्जालको सारांश
network-inside = { $count ->
    [one] यो सञ्जालभित्र एउटा संस्था
   *[other] यो सञ्जालभित्र { $count } वटा संस्था
}
network-outstanding = यसका संस्थाहरूबीच तिर्न-पाउन बाँकी
newcycle-title = अर्डर चक्र खोल्नुहोस्
newcycle-link = अर्डर चक्र खोल्नुहोस्
newcycle-name = नाम
newcycle-policy = सामान नपुग्दा
policy-first_come = पहिले आउनेलाई पहिले
policy-pro_rata = हरेकले मागेको अनुपातमा
policy-equal_share = बराबर भाग
newcycle-opens = अर्डर खुल्ने समय
newcycle-closes = अर्डर बन्द हुने समय
newcycle-delivery = डेलिभरीको दिन
newcycle-pickup = सामान लिने ठाउँ (चाहेमा)
newcycle-producers = उत्पादकहरू
newcycle-groups = उपभोक्ता समूहहरू
newcycle-submit = चक्र खोल्नुहोस्

group-order-title = हाम्रो समूहको अर्डर
group-order-link = हाम्रो समूहको अर्डर
col-member = सदस्य
shop-only-left = केवल { $count } बाँकी छ। कृपया कम माग्नुहोस्।

directory-filter-qualifier = विशेषता
directory-filter-network = सञ्जाल

error-fields = कृपया जाँच गर्नुहोस्: { $fields }।
error-forbidden = तपाईंको भूमिकाले यो गर्न अनुमति दिँदैन।
members-error-exists = यो व्यक्ति पहिले नै सदस्य हुनुहुन्छ।
members-error-last-admin = संस्थामा कम्तीमा एक जना प्रशासक चाहिन्छ: पहिले अरू कसैलाई प्रशासक बनाउनुहोस्।
money-error-too-much = अब { $amount } मात्र तिर्न बाँकी छ।
field-email = इमेल ठेगाना
field-name = नाम
field-quantity = मात्रा
field-amount = रकम
field-method = कसरी तिरियो
field-roles = भूमिका
field-stakeholder = सरोकारवाला वर्ग
field-policy = सामान नपुग्दा
field-opens_at = अर्डर खुल्ने समय
field-closes_at = अर्डर बन्द हुने समय
field-delivery_date = डेलिभरीको दिन
field-pickup_points = सामान लिने ठाउँ
qualifier-organic = जैविक
qualifier-agroecological = कृषि-पारिस्थितिकीय
qualifier-fair-trade = न्यायोचित व्यापार (फेयर ट्रेड)
qualifier-gender-equity = लैङ्गिक समानता
qualifier-indigenous-traditional = आदिवासी / परम्परागत
qualifier-peasant-family-farming = किसान / पारिवारिक खेती
qualifier-local = स्थानीय
qualifier-self-management = स्वव्यवस्थापन
qualifier-commons = साझा स्रोत (कमन्स)
qualifier-pgs-certified = PGS प्रमाणित (सहभागितामूलक प्रत्याभूति)
vcrole-producer = उत्पादक
vcrole-processor = प्रशोधनकर्ता
vcrole-hub = हब
vcrole-consumer_group = उपभोक्ता समूह
vcrole-financier = लगानीकर्ता
vcrole-supporter = समर्थक
