"""A relational base through the real pyairtable client and its ORM, unchanged: three tables
built through the meta API, links both ways, lookups, rollups, counts, formulas and views."""

import uuid

import pytest
import requests
from pyairtable import Api
from pyairtable.formulas import GT, Field
from pyairtable.orm import Model
from pyairtable.orm import fields as F


@pytest.fixture
def api(tessera):
    return Api(tessera.owner.token, endpoint_url=tessera.url)


@pytest.fixture
def crm(api, tessera):
    """Customers ← Orders → Products, with computed fields on customers and orders."""
    base = api.create_base(tessera.owner.workspace_id, f"CRM {uuid.uuid4().hex[:6]}", [
        {"name": "Customers", "fields": [{"name": "Name", "type": "singleLineText"}, {"name": "City", "type": "singleLineText"}]},
        {"name": "Products", "fields": [{"name": "Name", "type": "singleLineText"},
                                       {"name": "Price", "type": "currency", "options": {"precision": 2, "symbol": "$"}}]},
        {"name": "Orders", "fields": [{"name": "Reference", "type": "singleLineText"},
                                     {"name": "Quantity", "type": "number", "options": {"precision": 0}}]},
    ])
    orders = base.table("Orders")
    customer = orders.create_field("Customer", "multipleRecordLinks", options={"linkedTableId": "Customers"})
    product = orders.create_field("Product", "multipleRecordLinks", options={"linkedTableId": "Products", "prefersSingleRecordLink": True})
    orders.create_field("Unit price", "multipleLookupValues", options={"recordLinkFieldId": product.id, "fieldIdInLinkedTable": "Price"})
    orders.create_field("Amount", "formula", options={"formula": "{Quantity} * SUM({Unit price})"})
    customers = base.table("Customers")
    inverse = customer.options.inverse_link_field_id
    customers.create_field("Spent", "rollup", options={"recordLinkFieldId": inverse, "fieldIdInLinkedTable": "Amount", "formula": "SUM(values)"})
    customers.create_field("Order count", "count", options={"recordLinkFieldId": inverse})
    customers.create_field("References", "rollup", options={"recordLinkFieldId": inverse, "fieldIdInLinkedTable": "Reference",
                                                            "formula": "ARRAYJOIN(values, '; ')"})
    customers.create_field("Tier", "formula", options={"formula": "IF({Spent} >= 100, 'gold', 'standard')"})
    return base


def test_schema_reads_back_with_airtables_options(crm):
    schema = crm.schema(force=True)
    orders, customers, products = schema.table("Orders"), schema.table("Customers"), schema.table("Products")
    link = orders.field("Customer")
    assert link.type == "multipleRecordLinks"
    assert link.options.linked_table_id == customers.id
    assert link.options.is_reversed is False and link.options.prefers_single_record_link is False
    inverse = customers.field(link.options.inverse_link_field_id)
    assert inverse.type == "multipleRecordLinks" and inverse.options.linked_table_id == orders.id
    assert inverse.options.inverse_link_field_id == link.id
    assert orders.field("Product").options.prefers_single_record_link is True

    lookup = orders.field("Unit price")
    assert lookup.options.is_valid and lookup.options.record_link_field_id == orders.field("Product").id
    assert lookup.options.field_id_in_linked_table == products.field("Price").id
    assert lookup.options.result.type == "currency"
    rollup = customers.field("Spent")
    assert rollup.options.is_valid and rollup.options.referenced_field_ids
    assert rollup.options.result.type == "number"
    assert customers.field("Order count").options.record_link_field_id == inverse.id
    formula = customers.field("Tier")
    assert formula.options.referenced_field_ids == [rollup.id]
    assert formula.options.result.type == "singleLineText"
    assert "{" + rollup.id + "}" in formula.options.formula


def test_links_both_ways_and_computed_cells(crm):
    customers, products, orders = crm.table("Customers"), crm.table("Products"), crm.table("Orders")
    ada = customers.create({"Name": "Ada", "City": "London"})
    bob = customers.create({"Name": "Bob", "City": "Paris"})
    pen, ink = products.batch_create([{"Name": "Pen", "Price": 2.5}, {"Name": "Ink", "Price": 40}])
    made = orders.batch_create([
        {"Reference": "A-1", "Quantity": 4, "Customer": [ada["id"]], "Product": [pen["id"]]},
        {"Reference": "A-2", "Quantity": 3, "Customer": [ada["id"]], "Product": [ink["id"]]},
        {"Reference": "B-1", "Quantity": 1, "Customer": [bob["id"]], "Product": [pen["id"]]},
    ])
    assert made[0]["fields"]["Unit price"] == [2.5]
    assert made[0]["fields"]["Amount"] == 10

    fields = customers.get(ada["id"])["fields"]
    assert fields["Spent"] == 130 and fields["Order count"] == 2 and fields["Tier"] == "gold"
    assert fields["References"] == "A-1; A-2"
    assert sorted(fields["Orders"]) == sorted([made[0]["id"], made[1]["id"]]), "the inverse link lists the customer's orders"

    # A price change reaches every order of that product and every customer of those orders.
    products.update(pen["id"], {"Price": 3})
    assert customers.get(bob["id"])["fields"]["Spent"] == 3
    assert customers.get(ada["id"])["fields"]["Spent"] == 132

    # Unlinking from the other side updates the order; deleting an order leaves no dangling link.
    customers.update(bob["id"], {"Orders": []})
    assert "Customer" not in orders.get(made[2]["id"])["fields"]
    orders.delete(made[1]["id"])
    ada_now = customers.get(ada["id"])["fields"]
    assert ada_now["Orders"] == [made[0]["id"]] and ada_now["Spent"] == 12 and ada_now["Tier"] == "standard"

    # Typecast links by the linked table's primary field, as Airtable does.
    typed = orders.create({"Reference": "C-1", "Quantity": 2, "Customer": ["Bob"], "Product": ["Ink"]}, typecast=True)
    assert typed["fields"]["Customer"] == [bob["id"]] and typed["fields"]["Amount"] == 80


def test_computed_fields_filter_sort_project_and_render(crm, tessera):
    customers, orders = crm.table("Customers"), crm.table("Orders")
    people = customers.batch_create([{"Name": name} for name in ["Cy", "Di", "Ed"]])
    for person, quantity in zip(people, [5, 50, 1]):
        orders.create({"Reference": f"R-{quantity}", "Quantity": quantity, "Customer": [person["id"]]})
    assert [r["fields"]["Name"] for r in customers.all(sort=["-Order count", "Name"])][:3] == ["Cy", "Di", "Ed"]
    assert [r["fields"]["Name"] for r in customers.all(formula=GT(Field("Order count"), 0), sort=["References"])] == ["Ed", "Cy", "Di"]
    projected = customers.all(fields=["Name", "References"], formula="{Name} = 'Di'")
    assert projected[0]["fields"] == {"Name": "Di", "References": "R-50"}

    by_id = customers.all(formula="{Name} = 'Di'", use_field_ids=True)[0]["fields"]
    count_id = crm.schema(force=True).table("Customers").field("Order count").id
    assert by_id[count_id] == 1

    strings = customers.all(formula="{Name} = 'Di'", cell_format="string", time_zone="UTC", user_locale="en-us")[0]["fields"]
    assert strings["Orders"] == "R-50", "string cells name linked records by their primary value"
    assert strings["Order count"] == "1"

    # A computed field refuses writes with Airtable's error.
    response = requests.patch(f"{tessera.url}/v0/{crm.id}/Customers/{people[0]['id']}", json={"fields": {"Order count": 3}},
                              headers={"Authorization": f"Bearer {tessera.owner.token}"})
    assert response.status_code == 422 and response.json()["error"]["type"] == "INVALID_VALUE_FOR_COLUMN"


# ORM models live at module level, where LinkField finds a model named by a string. Their Meta
# reads the server and base of the running test.
ORM = {}


class Customer(Model):
    name = F.TextField("Name")
    city = F.TextField("City")
    orders = F.LinkField["Order"]("Orders", "Order")
    spent = F.NumberField("Spent", readonly=True)
    order_count = F.CountField("Order count", readonly=True)

    class Meta:
        api_key = staticmethod(lambda: ORM["token"])
        base_id = staticmethod(lambda: ORM["base"])
        table_name = "Customers"


class Order(Model):
    reference = F.TextField("Reference")
    quantity = F.IntegerField("Quantity")
    customer = F.SingleLinkField[Customer]("Customer", Customer)
    amount = F.NumberField("Amount", readonly=True)

    class Meta:
        api_key = staticmethod(lambda: ORM["token"])
        base_id = staticmethod(lambda: ORM["base"])
        table_name = "Orders"


def test_orm_with_link_fields(crm, tessera):
    ORM.update(token=tessera.owner.token, base=crm.id)
    # The ORM builds its own Api for api.airtable.com; point it at Tessera.
    for model in (Customer, Order):
        model.meta.api.endpoint_url = Api(tessera.owner.token, endpoint_url=tessera.url).endpoint_url

    grace = Customer(name="Grace", city="Arlington")
    grace.save()
    first = Order(reference="G-1", quantity=2, customer=grace)
    first.save()
    second = Order(reference="G-2", quantity=5, customer=grace)
    second.save()

    fetched = Customer.from_id(grace.id)
    assert fetched.order_count == 2
    assert sorted(order.id for order in fetched.orders) == sorted([first.id, second.id])
    # Loading the linked records fills their fields from the other table.
    assert sorted(order.reference for order in fetched.orders) == ["G-1", "G-2"]
    assert fetched.orders[0].customer.id == grace.id

    # Saving through the link field moves an order; the other side follows.
    fetched.orders = [order for order in fetched.orders if order.reference == "G-1"]
    fetched.save()
    assert Order.from_id(second.id).customer is None
    assert Customer.from_id(grace.id).order_count == 1
    assert [c.name for c in Customer.all(formula="{Order count} = 1") if c.id == grace.id] == ["Grace"]


def test_views_through_the_meta_extension(crm, tessera):
    customers = crm.table("Customers")
    customers.batch_create([{"Name": "Kay", "City": "Oslo"}, {"Name": "Lu", "City": "Rome"}, {"Name": "Mo", "City": "Oslo"}])
    headers = {"Authorization": f"Bearer {tessera.owner.token}"}
    views = f"{tessera.url}/v0/meta/bases/{crm.id}/tables/Customers/views"
    made = requests.post(views, headers=headers, json={
        "name": "Oslo", "filterByFormula": "{City} = 'Oslo'", "sort": [{"field": "Name", "direction": "desc"}], "hiddenFields": ["City"],
    })
    assert made.status_code == 200, made.text

    schema = crm.schema(force=True).table("Customers")
    assert [view.name for view in schema.views] == ["Grid view", "Oslo"]
    assert schema.views[1].type == "grid" and schema.views[1].id.startswith("viw")

    rows = customers.all(view="Oslo")
    assert [r["fields"]["Name"] for r in rows] == ["Mo", "Kay"]
    assert all("City" in r["fields"] for r in rows), "hidden fields are still returned, as in Airtable"
    assert [r["fields"]["Name"] for r in customers.all(view="Oslo", sort=["Name"])] == ["Kay", "Mo"], "an explicit sort wins"

    bad = requests.patch(f"{views}/Oslo", headers=headers, json={"filterByFormula": "{Nowhere} = 1"})
    assert bad.status_code == 422 and bad.json()["error"]["type"] == "INVALID_FILTER_BY_FORMULA"
    assert requests.delete(f"{views}/Oslo", headers=headers).json()["deleted"] is True
    with pytest.raises(requests.HTTPError) as missing:
        customers.all(view="Oslo")
    assert missing.value.response.status_code in (404, 422)
